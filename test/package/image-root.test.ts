/**
 * The container image's files, built by the same script the Dockerfile runs
 * (scripts/image-root.sh), then made read-only and started as the image starts them: the
 * server answers, and writes nothing. (Docker itself cannot run on these machines.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { listeningBase } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let app: string;

beforeAll(() => {
  app = join(mkdtempSync(join(tmpdir(), 'standin-image-')), 'app');
  execFileSync(join(root, 'scripts/image-root.sh'), [app], { stdio: 'pipe' });
  execFileSync('chmod', ['-R', 'a-w', app]);
}, 600_000);

/** Files under `dir` changed after `marker` was written (root ignores a-w, so check). */
function changedSince(marker: string, dir: string): string[] {
  const out = execFileSync('find', [dir, '-newer', marker], { encoding: 'utf8' }).trim();
  return out === '' ? [] : out.split('\n');
}

describe('the image files', () => {
  it('start with the image command, from a read-only tree, serve, and write nothing', async () => {
    const marker = join(app, '..', 'started');
    execFileSync('touch', [marker]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const child = spawn(process.execPath, ['dist/cli/main.js', 'serve'], {
      cwd: app,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const base = await listeningBase(child);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/`)).status).toBe(200);
      const image = await fetch(`${base}/600x400.avif?text=Image`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/avif');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(changedSince(marker, app)).toEqual([]);
  }, 60_000);
});
