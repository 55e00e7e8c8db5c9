/**
 * One header policy for every adapter: the standalone server, the Fastify plugin mounted in
 * another app, and the Node request handler send the same headers for the same answers.
 */
import { createServer } from 'node:http';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createHandler } from '../../src/http/handler.js';
import { standinPlugin } from '../../src/http/plugin.js';
import { buildServer } from '../../src/http/server.js';

/** The headers that make up the policy (Date, Connection and the like vary by adapter). */
const POLICY = [
  'access-control-allow-origin',
  'cache-control',
  'content-security-policy',
  'content-type',
  'etag',
  'retry-after',
  'x-content-type-options',
];

const CASES: readonly [string, Record<string, string>][] = [
  ['/300x200.png', {}],
  ['/300x200?text=svg', {}],
  ['/300x200/nocolour', {}],
  ['/99999', {}],
];

type Get = (path: string, headers?: Record<string, string>) => Promise<Record<string, string>>;

function pick(status: number, headers: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = { status: String(status) };
  for (const name of POLICY) if (headers[name] !== undefined) kept[name] = String(headers[name]);
  return kept;
}

const closers: (() => Promise<unknown>)[] = [];
const adapters: Record<string, Get> = {};

beforeAll(async () => {
  const server = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
  closers.push(() => server.close());
  adapters.server = async (url, headers) => {
    const r = await server.inject({ url, headers: headers ?? {} });
    return pick(r.statusCode, r.headers);
  };

  const app = Fastify();
  await app.register(standinPlugin, { prefix: '/img' });
  closers.push(() => app.close());
  adapters.plugin = async (url, headers) => {
    const r = await app.inject({ url: `/img${url}`, headers: headers ?? {} });
    return pick(r.statusCode, r.headers);
  };

  const node = createServer(createHandler());
  await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => node.close(resolve)));
  const address = node.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  adapters.handler = async (url, headers) => {
    const r = await fetch(`http://127.0.0.1:${port}${url}`, { headers: headers ?? {} });
    await r.arrayBuffer();
    const all: Record<string, string> = {};
    r.headers.forEach((value, name) => {
      all[name] = value;
    });
    return pick(r.status, all);
  };
});
afterAll(async () => {
  for (const close of closers) await close();
});

describe('one header policy through the server, the plugin and the handler', () => {
  it.each(CASES)('%s', async (url, headers) => {
    const server = await adapters.server?.(url, headers);
    expect(server?.['x-content-type-options']).toBe('nosniff');
    expect(server?.['access-control-allow-origin']).toBe('*');
    expect(await adapters.plugin?.(url, headers)).toEqual(server);
    expect(await adapters.handler?.(url, headers)).toEqual(server);
  });

  it('304 alike', async () => {
    const etag = (await adapters.server?.('/120x80.png'))?.etag ?? '';
    const server = await adapters.server?.('/120x80.png', { 'if-none-match': etag });
    expect(server?.status).toBe('304');
    expect(server?.['content-type']).toBeUndefined();
    expect(await adapters.plugin?.('/120x80.png', { 'if-none-match': etag })).toEqual(server);
    expect(await adapters.handler?.('/120x80.png', { 'if-none-match': etag })).toEqual(server);
  });
});
