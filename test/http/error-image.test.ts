/**
 * Errors as images where images are expected: an `<img>` that asks for a bad URL shows the
 * message (same status, a PNG, never cached) instead of a broken-image icon; every other
 * client gets the JSON answer.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { prefersImage } from '../../src/http/answer.js';
import { buildServer } from '../../src/http/server.js';
import { decodePng, pixel } from '../helpers.js';

const IMG = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const PAGE =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('prefersImage', () => {
  it.each([
    [IMG, true],
    ['image/webp,*/*', true],
    ['image/png', true],
    [PAGE, false],
    ['*/*', false],
    ['application/json', false],
    ['application/json, image/png;q=0.5', false],
    ['text/plain;q=0.2, image/png;q=0.9', true],
    ['', false],
    [undefined, false],
  ])('%s → %s', (accept, expected) => {
    expect(prefersImage(accept)).toBe(expected);
  });
});

describe('a refusal asked for by an <img>', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
  });
  afterAll(() => app.close());

  it('is a PNG of the message at the size asked for, with the same status', async () => {
    const response = await app.inject({ url: '/600x400/zzz', headers: { accept: IMG } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.vary).toBe('Accept');
    expect(response.headers['standin-error']).toBe('bad_colour');
    const image = decodePng(response.rawPayload);
    expect([image.width, image.height]).toEqual([600, 400]);
    expect(pixel(image, 2, 2).slice(0, 3)).toEqual([0xfd, 0xe8, 0xe8]);
    // the message is drawn: dark red ink somewhere in the middle rows
    let ink = 0;
    for (let x = 0; x < image.width; x++) {
      for (let y = 150; y < 250; y++) if ((pixel(image, x, y)[0] ?? 255) < 0xd0) ink++;
    }
    expect(ink).toBeGreaterThan(100);
  });

  it('falls back to a small default when the size itself is the problem', async () => {
    const response = await app.inject({ url: '/99999x10.png', headers: { accept: IMG } });
    expect(response.statusCode).toBe(400);
    const image = decodePng(response.rawPayload);
    expect([image.width, image.height]).toEqual([480, 240]);
  });

  it('answers JSON to everyone else, with Vary: Accept', async () => {
    for (const accept of [undefined, '*/*', PAGE, 'application/json']) {
      const response = await app.inject({
        url: '/600x400/zzz',
        headers: accept === undefined ? {} : { accept },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.headers.vary).toBe('Accept');
      expect(response.json().error.code).toBe('bad_colour');
    }
  });

  it('leaves successes alone', async () => {
    const response = await app.inject({ url: '/300x200.png', headers: { accept: IMG } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });
});
