/** Protection on the way out: a Fastify onSend hook and a wrapper for Node request handlers. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKey, protectHook, protectResponses } from '../../src/index.js';

const key = generateKey();
const page = '<!doctype html><p>Write to jane@example.com or call +1 415-555-0123.</p>';
const big = `<!doctype html><p>jane@example.com</p>${'<p>filler</p>'.repeat(2000)}`;

describe('protectHook (Fastify)', () => {
  const warnings: string[] = [];
  const app = Fastify();
  app.addHook('onSend', protectHook({ key, maxBytes: 10_000, warn: (m) => warnings.push(m) }));
  app.get('/page', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/stream', async (_req, reply) =>
    reply.type('text/html').send(Readable.from([page.slice(0, 30), page.slice(30)])),
  );
  app.get('/big', async (_req, reply) => reply.type('text/html').send(big));
  app.get('/big-stream', async (_req, reply) =>
    reply.type('text/html').send(Readable.from(big.match(/[\s\S]{1,1000}/g) ?? [])),
  );
  app.get('/json', async () => ({ mail: 'jane@example.com' }));
  afterAll(() => app.close());

  it('rewrites HTML pages, whole or streamed, with a correct length', async () => {
    for (const url of ['/page', '/stream']) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('jane@example.com');
      expect(response.body).not.toContain('555-0123');
      expect(response.body.match(/class="standin-protected"/g)).toHaveLength(2);
      if (response.headers['content-length'] !== undefined) {
        expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
      }
    }
  });

  it('passes pages over the limit, and everything not HTML, untouched', async () => {
    expect((await app.inject('/big')).body).toBe(big);
    expect((await app.inject('/big-stream')).body).toBe(big);
    expect(warnings.join('\n')).toContain('/big');
    expect(warnings.join('\n')).not.toContain('jane@example.com');
    expect((await app.inject('/json')).json()).toEqual({ mail: 'jane@example.com' });
  });
});

describe('protectResponses (node:http, Express, Connect)', () => {
  let server: Server;
  const warnings: string[] = [];
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  async function start() {
    server = createServer(
      protectResponses(
        (request, response) => {
          if (request.url === '/page') {
            response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': page.length });
            response.write(page.slice(0, 20));
            response.end(page.slice(20));
          } else if (request.url === '/big') {
            response.setHeader('Content-Type', 'text/html');
            for (const piece of big.match(/[\s\S]{1,1000}/g) ?? []) response.write(piece);
            response.end();
          } else {
            response.setHeader('Content-Type', 'text/plain');
            response.end('jane@example.com');
          }
        },
        { key, maxBytes: 10_000, warn: (m) => warnings.push(m) },
      ),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('rewrites HTML, fixes Content-Length, and passes the rest', async () => {
    const base = await start();
    const response = await fetch(`${base}/page`);
    const body = await response.text();
    expect(body).not.toContain('jane@example.com');
    expect(body.match(/class="standin-protected"/g)).toHaveLength(2);
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(await (await fetch(`${base}/text`)).text()).toBe('jane@example.com');
    expect(await (await fetch(`${base}/big`)).text()).toBe(big);
    expect(warnings.join('\n')).toContain('/big');
  });
});
