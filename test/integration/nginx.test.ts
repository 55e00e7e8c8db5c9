/**
 * deploy/nginx-standin.conf proved with Debian's nginx on loopback, in front of two standin
 * processes: a repeated URL is served from nginx's cache, and the set keeps answering when one
 * standin process is killed. Skipped with a notice when nginx is missing, unless
 * STANDIN_REQUIRE_BROWSER=1 (CI), where it fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
const required = process.env.STANDIN_REQUIRE_BROWSER === '1';
if (!NGINX && !required) console.warn('nginx test skipped: no nginx (apt-get install nginx)');
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A port the system says is free now (nginx needs numbers in its configuration). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never answered`);
}

function startStandin(listen: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(listen), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

describe.skipIf(!NGINX && !required)('nginx caching reverse proxy', () => {
  const ports = { a: 0, b: 0, nginx: 0 };
  const children: ChildProcess[] = [];
  let dir: string;
  let base: string;

  beforeAll(async () => {
    if (!NGINX) throw new Error('nginx is required (STANDIN_REQUIRE_BROWSER=1) but missing');
    Object.assign(ports, { a: await freePort(), b: await freePort(), nginx: await freePort() });
    dir = await mkdtemp(join(tmpdir(), 'standin-nginx-'));
    const cache = join(dir, 'cache');
    await mkdir(cache);
    // nginx workers may run as another user: let them write the cache and temp files.
    await chmod(dir, 0o777);
    await chmod(cache, 0o777);
    const site = (await readFile(join(root, 'deploy/nginx-standin.conf'), 'utf8'))
      .replace('127.0.0.1:8081', `127.0.0.1:${ports.a}`)
      .replace('127.0.0.1:8082', `127.0.0.1:${ports.b}`)
      .replace('/var/cache/nginx/standin', cache)
      .replace('listen 8080;', `listen 127.0.0.1:${ports.nginx};`);
    await writeFile(
      join(dir, 'nginx.conf'),
      [
        `pid ${join(dir, 'nginx.pid')};`,
        `error_log ${join(dir, 'error.log')} warn;`,
        'worker_processes 1;',
        'events { worker_connections 256; }',
        'http {',
        `  access_log off;`,
        `  client_body_temp_path ${join(dir, 'body')};`,
        `  proxy_temp_path ${join(dir, 'proxy')};`,
        `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
        `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
        `  scgi_temp_path ${join(dir, 'scgi')};`,
        site,
        '}',
      ].join('\n'),
    );
    children.push(startStandin(ports.a), startStandin(ports.b));
    await Promise.all([
      waitFor(`http://127.0.0.1:${ports.a}/readyz`),
      waitFor(`http://127.0.0.1:${ports.b}/readyz`),
    ]);
    children.push(
      spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
        stdio: 'ignore',
      }),
    );
    base = `http://127.0.0.1:${ports.nginx}`;
    await waitFor(`${base}/healthz`);
  }, 60_000);

  afterAll(async () => {
    // SIGTERM, not SIGKILL: nginx's master must live to stop its workers.
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves a repeated URL from the cache', async () => {
    const first = await fetch(`${base}/321x123.png?text=cached`);
    const body = Buffer.from(await first.arrayBuffer());
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    const second = await fetch(`${base}/321x123.png?text=cached`);
    const again = Buffer.from(await second.arrayBuffer());
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(again.equals(body)).toBe(true);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('does not cache refusals', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${base}/99999`);
      await response.arrayBuffer();
      expect(response.status).toBe(400);
      expect(response.headers.get('x-cache-status')).not.toBe('HIT');
    }
  });

  it('keeps answering when one standin process is killed', async () => {
    const [a] = children;
    a?.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${base}/${200 + i}x100.png`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(10).fill(200));
    // and what was cached before is still a hit
    const cached = await fetch(`${base}/321x123.png?text=cached`);
    await cached.arrayBuffer();
    expect(cached.headers.get('x-cache-status')).toBe('HIT');
  }, 30_000);
});
