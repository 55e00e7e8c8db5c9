import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { render } from '../../src/index.js';
import { decodePng, inkBox, listenOnLoopback, pixel } from '../helpers.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
  base = await listenOnLoopback(app);
});
afterAll(() => app.close());

async function png(path: string) {
  const response = await fetch(base + path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  return decodePng(Buffer.from(await response.arrayBuffer()));
}

describe('text images sized to their text', () => {
  it('draws the text on a transparent image just big enough for it', async () => {
    const image = await png('/text/png?text=jane%40example.com');
    expect(image.height).toBeGreaterThan(32);
    expect(image.height).toBeLessThan(70);
    expect(image.width).toBeGreaterThan(150);
    expect(image.width).toBeLessThan(400);
    expect(pixel(image, 0, 0)[3]).toBe(0);
    const ink = inkBox(image, [0, 0, 0, 0], 100);
    expect(ink).toBeDefined();
    // the padding (a quarter of the 32 px size) surrounds the ink
    expect(ink?.left).toBeGreaterThanOrEqual(6);
    expect(image.width - 1 - (ink?.right ?? 0)).toBeGreaterThanOrEqual(6);
  });

  it('grows with the size and the text, and doubles for retina', async () => {
    const small = await png('/text/png?text=Call+me&size=20');
    const large = await png('/text/png?text=Call+me&size=40');
    const longer = await png('/text/png?text=Call+me+maybe&size=20');
    const retina = await png('/text@2x/png?text=Call+me&size=20');
    expect(large.width).toBeGreaterThan(small.width * 1.7);
    expect(longer.width).toBeGreaterThan(small.width);
    expect(retina.width).toBe(small.width * 2);
    expect(retina.height).toBe(small.height * 2);
    expect((await png('/text/png?text=Call+me&size=20&scale=2')).width).toBe(small.width * 2);
  });

  it('takes colours, font, padding and line breaks', async () => {
    const image = await png('/text/png?text=one%0Atwo&fg=ff0000&bg=ffffff&padding=0&font=roboto');
    expect(pixel(image, 0, 0)).toEqual([255, 255, 255, 255]);
    const twoLines = await png('/text/png?text=one%0Atwo');
    const oneLine = await png('/text/png?text=one');
    expect(twoLines.height).toBeGreaterThan(oneLine.height * 1.5);
  });

  it('answers other formats', async () => {
    for (const format of ['webp', 'svg', 'jpeg']) {
      const response = await fetch(`${base}/text/${format}?text=hello`);
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      if (format !== 'svg') expect((await sharp(body).metadata()).width).toBeGreaterThan(40);
      else expect(body.toString()).not.toContain('hello');
    }
  });

  it('refuses text images without text, too wide, or with bad options', async () => {
    for (const [path, code] of [
      ['/text/png', 'bad_query'],
      [`/text/png?text=${'W'.repeat(400)}&size=400`, 'size_out_of_range'],
      ['/text/png?text=x&fg=nope', 'bad_colour'],
      ['/text/bmp?text=x', 'unknown_format'],
      ['/text/png?text=x&scale=9', 'bad_scale'],
    ] as const) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('is in the library too', async () => {
    const image = await render('/text/png?text=hi');
    expect(image.contentType).toBe('image/png');
  });
});
