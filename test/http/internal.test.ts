/**
 * Every 500 path, driven by a renderer that throws: the server, the Fastify plugin and the
 * Node handler answer `internal` with a generic message (no stack, no detail), log the error,
 * and go on serving.
 */
import { createServer } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/http/handler.js';
import { standinPlugin } from '../../src/http/plugin.js';
import { buildServer } from '../../src/http/server.js';
import type { Renderer } from '../../src/pipeline/pool.js';
import { createStandin } from '../../src/service.js';

const config = loadConfig({ LOG_LEVEL: 'error' });

/** Renders the warm-up image, then throws for anything else. */
function brokenRenderer(): Renderer {
  return {
    async render(spec) {
      if (spec.width === 16 && spec.height === 16) {
        return { body: Buffer.from('x'), contentType: 'image/png', format: 'png', etag: '"w"' };
      }
      throw new TypeError('boom: secret detail');
    },
    stats: () => ({ queued: 0, running: 0, threads: 0, maxQueue: 0, shared: 0 }),
    close: async () => {},
  };
}

function expectInternal(status: number, body: string) {
  expect(status).toBe(500);
  const parsed = JSON.parse(body) as { error: { code: string; message: string; status: number } };
  expect(parsed.error.code).toBe('internal');
  expect(parsed.error.status).toBe(500);
  expect(body).not.toContain('boom');
  expect(body).not.toContain('TypeError');
}

describe('a renderer that throws', () => {
  it('is a generic 500 from the server, logged, and the server goes on', async () => {
    const logs: string[] = [];
    const app = await buildServer({
      config,
      standin: createStandin(config, brokenRenderer()),
      logStream: { write: (line) => logs.push(line) },
    });
    const first = await app.inject('/300x200.png');
    expectInternal(first.statusCode, first.body);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(logs.join('\n')).toContain('boom: secret detail');
    const health = await app.inject('/healthz');
    expect(health.statusCode).toBe(200);
    await app.close();
  });

  it('is a generic 500 from the plugin', async () => {
    const app = Fastify();
    await app.register(standinPlugin, { standin: createStandin(config, brokenRenderer()) });
    const response = await app.inject('/300x200.png');
    expectInternal(response.statusCode, response.body);
    await app.close();
  });

  it('is a generic 500 from the handler, which reports it to onError', async () => {
    const seen: unknown[] = [];
    const server = createServer(
      createHandler({
        standin: createStandin(config, brokenRenderer()),
        onError: (error) => seen.push(error),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/300x200.png`);
      expectInternal(response.status, await response.text());
      expect(seen).toHaveLength(1);
      const again = await fetch(`http://127.0.0.1:${port}/300x200.png`);
      expect(again.status).toBe(500);
      await again.arrayBuffer();
    } finally {
      server.close();
    }
  });
});
