/**
 * The package works where it is installed: pack the project, install the tarball into an empty
 * app without dev dependencies, then start `standin serve` from node_modules and use
 * `buildServer()` from the installed package, and fetch the page and an image from each.
 * Slow (an npm install from the local cache): in the slow suites.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { listeningBase } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let app: string;

beforeAll(() => {
  const work = mkdtempSync(join(tmpdir(), 'standin-package-'));
  execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module' }),
  );
  execFileSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund', join(work, tarball)], {
    cwd: app,
    stdio: 'pipe',
  });
}, 600_000);

describe('the installed package', () => {
  it('serves the page and images with `standin serve` from node_modules', async () => {
    const child = spawn(join(app, 'node_modules', '.bin', 'standin'), ['serve'], {
      cwd: app,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const base = await listeningBase(child);
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const image = await fetch(`${base}/600x400/png?text=Installed`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(500);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('builds a server with buildServer() imported from the package', () => {
    const script = `
      import { buildServer, loadConfig } from 'standin';
      const app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
      const page = await app.inject('/');
      const image = await app.inject('/300x200.webp');
      console.log(JSON.stringify([page.statusCode, image.statusCode, image.headers['content-type']]));
      await app.close();
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').at(-1) ?? '[]')).toEqual([200, 200, 'image/webp']);
  }, 60_000);

  it('takes at most 150 MB installed, its fonts at most 70 MB (bytes of the files)', () => {
    const bytes = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce((total, entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return total + bytes(path);
        return entry.isFile() ? total + statSync(path).size : total;
      }, 0);
    const modules = join(app, 'node_modules');
    const total = bytes(modules);
    const fonts = ['@fontsource', '@fontsource-variable', 'twemoji-colr-font']
      .map((name) => join(modules, name))
      .reduce((sum, dir) => sum + bytes(dir), 0);
    console.log(`installed: ${(total / 1e6).toFixed(1)} MB, fonts ${(fonts / 1e6).toFixed(1)} MB`);
    expect(total).toBeLessThan(150e6);
    expect(fonts).toBeLessThan(70e6);
  });
});
