/** The access log: a line for every request Fastify answers; cached answers counted once a second at info, one line each at debug. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { listenOnLoopback } from '../helpers.js';

async function serve(level: string) {
  const lines: Record<string, unknown>[] = [];
  const app = await buildServer({
    config: loadConfig({ LOG_LEVEL: level }),
    logStream: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  const base = await listenOnLoopback(app);
  return { app, base, lines };
}

describe('access log', () => {
  it('at info: a line for the render, one line a second for the cached answers', async () => {
    const { app, base, lines } = await serve('info');
    for (let i = 0; i < 5; i++) await (await fetch(`${base}/120x80.png`)).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: '/120x80.png', status: 200 });
    const summary = lines.find((l) => l.msg === 'cached answers in the last second');
    expect(summary).toMatchObject({ count: 4, byStatus: { 200: 4 } });
    await app.close();
  });

  it('at debug: a line for every cached answer too', async () => {
    const { app, base, lines } = await serve('debug');
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/120x80.png`)).arrayBuffer();
    const requests = lines.filter((l) => l.msg === 'request' && l.url === '/120x80.png');
    expect(requests).toHaveLength(3);
    await app.close();
  });
});
