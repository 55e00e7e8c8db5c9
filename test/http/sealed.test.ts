import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { seal, sign } from '../../src/index.js';
import { decodePng, inkBox, listenOnLoopback } from '../helpers.js';

const SEAL_KEY = '1'.repeat(64);
const SIGN_KEY = '2'.repeat(64);
const SECRET = 'jane@example.com';

interface Running {
  app: FastifyInstance;
  base: string;
  logs: string[];
}

async function start(env: Record<string, string>): Promise<Running> {
  const logs: string[] = [];
  const app = await buildServer({
    config: loadConfig({ LOG_LEVEL: 'debug', ...env }),
    logStream: { write: (line: string) => logs.push(line) },
  });
  return { app, base: await listenOnLoopback(app), logs };
}

describe('sealed text images over HTTP', () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ STANDIN_SEAL_KEY: SEAL_KEY });
  });
  afterAll(() => server.app.close());

  it('renders the sealed text: the same picture as the open text URL', async () => {
    const path = seal(SECRET, { size: 20, key: SEAL_KEY });
    const sealed = await fetch(server.base + path);
    expect(sealed.status).toBe(200);
    expect(sealed.headers.get('content-type')).toBe('image/png');
    const body = Buffer.from(await sealed.arrayBuffer());
    const open = await fetch(`${server.base}/text/png?text=${encodeURIComponent(SECRET)}&size=20`);
    expect(body.equals(Buffer.from(await open.arrayBuffer()))).toBe(true);
    const image = decodePng(body);
    expect(inkBox(image, [0, 0, 0, 0], 100)?.count ?? 0).toBeGreaterThan(100);
    expect(sealed.headers.get('cache-control')).toContain('immutable');
  });

  it('limits caching of an expiring token to its lifetime', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const response = await fetch(server.base + seal(SECRET, { key: SEAL_KEY, expiresAt }));
    await response.arrayBuffer();
    const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);
  });

  it('answers tampered, expired and foreign tokens with one generic 404', async () => {
    const good = seal(SECRET, { key: SEAL_KEY });
    const token = good.slice(3, -4);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const bodies = new Set<string>();
    for (const path of [
      `/t/${flipped}.png`,
      `/t/${token.slice(0, -2)}.png`,
      seal(SECRET, { key: '3'.repeat(64) }),
      seal(SECRET, { key: SEAL_KEY, expiresAt: 1 }),
      '/t/AAAA.png',
    ]) {
      const response = await fetch(server.base + path);
      expect(response.status, path).toBe(404);
      const text = await response.text();
      expect(text).not.toContain('jane');
      bodies.add(text);
    }
    expect(bodies.size).toBe(1);
  });
});

describe('sealed tokens: one spelling, a sealed format, one answer', () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ STANDIN_SEAL_KEY: SEAL_KEY });
  });
  afterAll(() => server.app.close());

  /** Another spelling of the same bytes: the last character with its unused low bits set. */
  function respell(token: string): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const unused = [0, 0, 4, 2][token.length % 4] ?? 0; // bits the last character carries spare
    const last = alphabet.indexOf(token.at(-1) ?? 'A');
    return token.slice(0, -1) + alphabet[last + (unused > 0 ? 1 : 0)];
  }

  it('refuses any spelling but the canonical base64url', async () => {
    // Tokens whose length leaves spare bits in the last character can be respelled.
    let path = '';
    for (let n = 0; n < 8 && !path; n++) {
      const candidate = seal(`${SECRET}${'x'.repeat(n)}`, { key: SEAL_KEY });
      const token = candidate.slice(3, -4);
      if (token.length % 4 !== 0 && token.length % 4 !== 1) path = candidate;
    }
    const token = path.slice(3, -4);
    expect((await fetch(`${server.base}${path}`)).status).toBe(200);
    const other = respell(token);
    expect(Buffer.from(other, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
    expect((await fetch(`${server.base}/t/${other}.png`)).status).toBe(404);
  });

  it('seals the format: the same extension or none, nothing else', async () => {
    const path = seal(SECRET, { key: SEAL_KEY, format: 'webp' });
    expect(path).toMatch(/\.webp$/);
    const bare = path.slice(0, -'.webp'.length);
    for (const [url, status, type] of [
      [path, 200, 'image/webp'],
      [bare, 200, 'image/webp'],
      [`${bare}.png`, 404, null],
      [`${bare}.avif`, 404, null],
      [`${bare}.svg`, 404, null],
      [`${bare}.bmp`, 404, null],
    ] as const) {
      const response = await fetch(server.base + url);
      expect(response.status, url).toBe(status);
      if (type) expect(response.headers.get('content-type')).toBe(type);
      await response.arrayBuffer();
    }
  });

  it('answers a token whose text cannot be drawn at its size with the generic 404', async () => {
    const path = seal('W'.repeat(200), { key: SEAL_KEY, size: 400 });
    const response = await fetch(server.base + path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/pixels|\d+x\d+/);
  });
});

describe('logs', () => {
  it('never contain the sealed text, whatever happens to the token', async () => {
    const server = await start({ STANDIN_SEAL_KEY: SEAL_KEY });
    const good = seal(SECRET, { key: SEAL_KEY });
    for (const path of [
      good,
      good.replace('.png', '.webp'),
      `${good.slice(0, -8)}.png`,
      good.replace('.png', '.bmp'),
    ]) {
      await (await fetch(server.base + path)).arrayBuffer();
    }
    await server.app.close();
    const all = server.logs.join('\n');
    expect(all).toContain('/t/');
    expect(all).not.toContain('jane');
    expect(all).not.toContain(encodeURIComponent(SECRET));
  });
});

describe('a server without a seal key', () => {
  it('says sealed tokens are off', async () => {
    const server = await start({});
    const response = await fetch(`${server.base}${seal(SECRET, { key: SEAL_KEY })}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('jane');
    await server.app.close();
  });
});

describe('signed-URL mode', () => {
  let server: Running;
  beforeAll(async () => {
    server = await start({ STANDIN_SIGNING_KEY: SIGN_KEY, STANDIN_SEAL_KEY: SEAL_KEY });
  });
  afterAll(() => server.app.close());

  it('renders signed URLs only', async () => {
    const signed = sign('/300x200.png?text=Hi', { key: SIGN_KEY });
    expect((await fetch(server.base + signed)).status).toBe(200);
    for (const path of [
      '/300x200.png?text=Hi',
      signed.replace('text=Hi', 'text=Ho'),
      sign('/300x200.png?text=Hi', { key: '4'.repeat(64) }),
      '/text/png?text=anything',
    ]) {
      const response = await fetch(server.base + path);
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'bad_signature',
      );
    }
  });

  it('still serves sealed tokens, which carry their own authentication', async () => {
    const response = await fetch(server.base + seal(SECRET, { key: SEAL_KEY }));
    expect(response.status).toBe(200);
  });

  it('keeps probes open', async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});
