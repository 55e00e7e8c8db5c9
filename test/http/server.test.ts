import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { etagMatches } from '../../src/http/answer.js';
import { buildServer } from '../../src/http/server.js';
import { createStandin, type Standin } from '../../src/service.js';
import { decodePng, inkBox, listenOnLoopback, pixel } from '../helpers.js';

let app: FastifyInstance;
let base: string;
let standin: Standin;

beforeAll(async () => {
  const config = loadConfig({ LOG_LEVEL: 'silent', STANDIN_CACHE_BYTES: '1000000' });
  standin = createStandin(config);
  app = await buildServer({ config, standin });
  base = await listenOnLoopback(app);
});

afterAll(async () => {
  await app.close();
});

const get = (path: string, init?: RequestInit) => fetch(base + path, init);

describe('cached answers (served before Fastify routes them)', () => {
  it.each([
    '/321x123/0a0b0c/fff.png?text=Front',
    '/321x123/0a0b0c/fff?text=Front+SVG',
    '/api/?name=Ada+Lovelace&size=1000',
  ])(
    '%s: carry the same headers and bytes as the first answer, for GET, HEAD and If-None-Match',
    async (url) => {
      const first = await get(url);
      const firstBody = Buffer.from(await first.arrayBuffer());
      const second = await get(url);
      const secondBody = Buffer.from(await second.arrayBuffer());
      expect(second.status).toBe(200);
      expect(secondBody.equals(firstBody)).toBe(true);
      const headers = (r: Response) => {
        const kept: Record<string, string> = {};
        r.headers.forEach((value, name) => {
          if (!['date', 'keep-alive', 'connection'].includes(name)) kept[name] = value;
        });
        return kept;
      };
      expect(headers(second)).toEqual(headers(first));
      const head = await get(url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(firstBody.length));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      const etag = first.headers.get('etag') ?? '';
      const notModified = await get(url, { headers: { 'If-None-Match': etag } });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(notModified.headers.get('access-control-allow-origin')).toBe('*');
      const metrics = await (await get('/metrics')).text();
      expect(metrics).toMatch(/standin_http_requests_total\{status="304",format=""\} [1-9]/);
    },
  );
});

describe('cross-origin reads', () => {
  it.each(['/600x400.png', '/nowhere/at/all', '/healthz', '/600x400/zzz'])(
    '%s is readable from any origin, its warnings and errors too',
    async (path) => {
      const response = await get(path, { headers: { Origin: 'https://example.com' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('Standin-Warning');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );

  it('answers a preflight for a GET with headers of its own', async () => {
    const response = await get('/600x400.png', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect(response.headers.get('access-control-allow-headers')).toBe('if-none-match');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect((await get('/600x400.png')).status).toBe(200);
  });
});

describe('images over HTTP', () => {
  it.each([
    ['/600x400', 'image/svg+xml'],
    ['/600x400/png', 'image/png'],
    ['/600x400.png', 'image/png'],
    ['/600x400/jpeg', 'image/jpeg'],
    ['/600x400.jpg', 'image/jpeg'],
    ['/600x400/gif', 'image/gif'],
    ['/600x400/webp', 'image/webp'],
    ['/600x400/avif', 'image/avif'],
    ['/600x400/000/fff.png', 'image/png'],
    ['/600x400/orange/white/webp', 'image/webp'],
  ])('answers %s as %s with caching headers', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    if (type !== 'image/svg+xml') {
      const meta = await sharp(body).metadata();
      expect([meta.width, meta.height]).toEqual([600, 400]);
    }
  });

  it('decodes to the requested picture', async () => {
    const response = await get('/300x200@2x/00ff00/000000/png?text=Hi');
    const image = decodePng(Buffer.from(await response.arrayBuffer()));
    expect([image.width, image.height]).toEqual([600, 400]);
    expect(pixel(image, 0, 0)).toEqual([0, 255, 0, 255]);
    expect(inkBox(image, [0, 255, 0, 255])).toBeDefined();
  });

  it('gives SVG a restrictive Content-Security-Policy', async () => {
    const response = await get('/600x400?text=%3Cscript%3E');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).not.toContain('<script');
  });

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const first = await get('/200x100.png?text=etag');
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const second = await get('/200x100.png?text=etag', { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toContain('immutable');
    expect((await second.arrayBuffer()).byteLength).toBe(0);
    // only what a 304 may carry: no content type or length of a body it does not have
    expect(second.headers.get('content-type')).toBeNull();
    expect(second.headers.get('content-length')).toBeNull();
    expect(second.headers.get('x-content-type-options')).toBe('nosniff');
    const svg = await get('/200x100?text=etag');
    const svgEtag = svg.headers.get('etag') ?? '';
    await svg.arrayBuffer();
    const svg304 = await get('/200x100?text=etag', { headers: { 'if-none-match': svgEtag } });
    expect(svg304.status).toBe(304);
    expect(svg304.headers.get('content-security-policy')).toBeNull();
    expect(svg304.headers.get('content-type')).toBeNull();
    const other = await get('/200x100.png?text=etag', { headers: { 'if-none-match': '"nope"' } });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });

  it("answers Node's own protocol errors in the same shape, with nosniff", async () => {
    const { connect } = await import('node:net');
    const { port } = new URL(base);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `GET /600x400.png HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        );
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(raw).toContain('"code":"headers_too_large"');
    // a raw non-ASCII character in the path: told how to write it
    const unencoded = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(Buffer.from('GET /300x300?text=\u266a HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(unencoded).toMatch(/^HTTP\/1\.1 400 /);
    expect(unencoded).toContain('percent-encoded');
    // and the server still answers
    const after = await get('/20x20.png');
    expect(after.status).toBe(200);
    await after.arrayBuffer();
  });

  it('gives equal URLs one cache entry and the same bytes', async () => {
    const before = standin.cache.stats();
    const a = await get('/123x45.png');
    const b = await get('/123x45/png');
    const c = await get('/123x45/DDDDDD/999999/png');
    expect(a.headers.get('etag')).toBe(b.headers.get('etag'));
    expect(a.headers.get('etag')).toBe(c.headers.get('etag'));
    await Promise.all([a, b, c].map((r) => r.arrayBuffer()));
    const after = standin.cache.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(2);
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await get('/600x400.png', { method: 'HEAD' });
    const full = await get('/600x400.png');
    const body = await full.arrayBuffer();
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/png');
    expect(head.headers.get('etag')).toBe(full.headers.get('etag'));
    expect(Number(head.headers.get('content-length'))).toBe(body.byteLength);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers health probes', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('bad input over HTTP', () => {
  it.each([
    ['/99999', 400, 'size_out_of_range', 'width must be between 1 and 4000, got 99999'],
    ['/600x400@4x.png', 400, 'bad_scale', '@2x or @3x'],
    ['/4000x4000@2x.png', 400, 'area_too_large', 'the limit is 16000000'],
    ['/600x400.bmp', 400, 'unknown_format', 'format must be one of'],
    ['/600x400/zzz', 400, 'bad_colour', 'background colour must be'],
    [`/600x400?text=${'x'.repeat(600)}`, 400, 'text_too_long', 'at most 500'],
    ['/hello', 400, 'bad_size', 'the size must look like 600x400'],
    ['/%E0%A4%A', 400, 'bad_path', 'percent-encoding'],
    ['/favicon.ico', 404, 'not_found', 'favicon'],
  ])('%s is %i %s', async (path, status, code, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(message);
  });

  it('rejects a path longer than the limit', async () => {
    const response = await get(`/600x400/${'a'.repeat(9000)}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await response.arrayBuffer();
  });

  it('keeps answering after a barrage of bad requests', async () => {
    const bad = ['/0', '/-1', '/1e9', '/%00', '/600x400/%ZZ', '/600x400@99x.png', '/a/b/c/d/e/f'];
    const statuses = await Promise.all(
      bad.map(async (path) => {
        const response = await get(path);
        await response.arrayBuffer();
        return response.status;
      }),
    );
    for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
    for (const status of statuses) expect(status).toBeLessThan(500);
    const ok = await get('/10x10.png');
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });
});

describe('etagMatches', () => {
  it('matches exact, listed, weak and wildcard tags', () => {
    expect(etagMatches('"a"', '"a"')).toBe(true);
    expect(etagMatches('"x", "a"', '"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('*', '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches(undefined, '"a"')).toBe(false);
  });
});
