import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { listeningBase, listenOnLoopback } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let app: FastifyInstance | undefined;

async function start(env: Record<string, string>): Promise<string> {
  app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent', ...env }) });
  return await listenOnLoopback(app);
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function drain(response: Response) {
  return Buffer.from(await response.arrayBuffer());
}

describe('probes and metrics', () => {
  it('is alive and ready once warm', async () => {
    const base = await start({});
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics for requests, renders, cache and queue', async () => {
    const base = await start({});
    await drain(await fetch(`${base}/300x200.png`));
    await drain(await fetch(`${base}/300x200.png`));
    await drain(await fetch(`${base}/99999`));
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/standin_http_requests_total\{status="200",format="png"\} 2/);
    expect(text).toMatch(/standin_http_requests_total\{status="400",format=""\} 1/);
    expect(text).toMatch(/standin_rejections_total\{code="size_out_of_range"\} 1/);
    expect(text).toMatch(/standin_render_seconds_bucket\{le="[\d.]+",format="png",outcome="ok"\}/);
    expect(text).toMatch(/standin_cache_hits \d+/);
    expect(text).toMatch(/standin_cache_bytes \d+/);
    expect(text).toMatch(/standin_render_queue_depth 0/);
    expect(text).toMatch(/standin_renders_shared \d+/);
    expect(text).toMatch(/standin_process_resident_memory_bytes \d+/);
  });
});

describe('security headers', () => {
  it('sends nosniff on every answer and a CSP on SVG', async () => {
    const base = await start({});
    for (const path of ['/100', '/100.png', '/0', '/healthz', '/nope/at/all/really/no']) {
      const response = await fetch(base + path);
      await drain(response);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const svg = await fetch(`${base}/100`);
    await drain(svg);
    expect(svg.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
  });

  it('never echoes input as markup or leaks a stack trace', async () => {
    const base = await start({});
    const response = await fetch(`${base}/600x400/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(text).not.toContain('<script>');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('bounded rendering', () => {
  it('answers 503 with Retry-After when the render queue is full, and keeps serving small images', async () => {
    const base = await start({ STANDIN_RENDER_THREADS: '1', STANDIN_RENDER_QUEUE: '1' });
    const big = Array.from({ length: 6 }, (_, i) => fetch(`${base}/${3000 + i}x3000.avif`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const small = await fetch(`${base}/120x80.png`);
    await drain(small);
    const smallMs = performance.now() - started;
    const answers = await Promise.all(big);
    const statuses = answers.map((r) => r.status);
    await Promise.all(answers.map(drain));
    expect(small.status).toBe(200);
    expect(smallMs).toBeLessThan(500);
    expect(statuses).toContain(503);
    const refused = answers.find((r) => r.status === 503);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(refused?.headers.get('cache-control')).toBe('no-store');
  });

  it('abandons a render past its deadline with 503', async () => {
    const base = await start({ STANDIN_RENDER_THREADS: '1', STANDIN_RENDER_TIMEOUT_MS: '200' });
    const response = await fetch(`${base}/4000x4000.avif`);
    const body = JSON.parse((await drain(response)).toString()) as { error: { code: string } };
    expect(response.status).toBe(503);
    expect(body.error.code).toBe('render_timeout');
  });
});

describe('rate limiting', () => {
  it('is off by default', async () => {
    const base = await start({});
    const response = await fetch(`${base}/10.png`);
    await drain(response);
    expect(response.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('limits each client with the standard headers, but never the probes', async () => {
    const base = await start({ STANDIN_RATE_LIMIT: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${base}/10.png`);
      await drain(response);
      statuses.push(response.status);
      if (i === 0) {
        expect(response.headers.get('x-ratelimit-limit')).toBe('3');
        expect(response.headers.get('x-ratelimit-remaining')).toBe('2');
      }
      if (response.status === 429) {
        expect(response.headers.get('retry-after')).toBeTruthy();
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fetch(`${base}/10.png`);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  it('finishes the request in flight on SIGTERM and exits 0', async () => {
    // Port 0: the system picks a free one, and the server says which in its log.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', resolve));
    const base = await listeningBase(child);
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const slow = fetch(`${base}/4000x4000.avif`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const response = await slow;
    expect(response.status).toBe(200);
    expect((await drain(response)).length).toBeGreaterThan(1000);
    expect(await exited).toBe(0);
  }, 30_000);
});

describe('a port already in use', () => {
  /** Start `standin serve` with `env` on a port a listener of this test already holds. */
  async function serveOnBusyPort(env: Record<string, string>) {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    holder.close();
    return { code, stderr, port };
  }

  it('stops one process with a clear message and exit 1', async () => {
    const { code, stderr, port } = await serveOnBusyPort({});
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
  }, 30_000);

  it('stops a whole cluster with a clear message and exit 1', async () => {
    const { code, stderr } = await serveOnBusyPort({ STANDIN_PROCESSES: '2' });
    expect(code).toBe(1);
    expect(stderr).toContain('the port is in use');
    expect(stderr).toContain('stopping the server');
  }, 30_000);
});
