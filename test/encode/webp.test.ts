/**
 * The lossless WebP writer for two-colour pictures (encode/webp.ts), decoded by libwebp
 * (through sharp): every pixel equal to the palette picture, at odd sizes, with 2, 4, 16 and
 * more colours (each packing), translucent colours kept straight (not premultiplied), copies
 * at every short distance the format defines, and bytes no larger than libvips' lossless WebP
 * of the full-precision picture.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { expandIndexed } from '../../src/encode/indexed.js';
import type { IndexedImage } from '../../src/encode/types.js';
import { encodeIndexedWebp, WEBP_BLEND_LEVELS } from '../../src/encode/webp.js';
import { renderIndexed } from '../../src/render/coverage.js';
import { parseRequest } from '../../src/spec/parse.js';
import type { Rgba } from '../../src/spec/types.js';
import { layoutSpec } from '../../src/text/index.js';

const indexed = (url: string, levels = WEBP_BLEND_LEVELS) => {
  const [path = '', query = ''] = url.split('?');
  const spec = parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
  return renderIndexed(spec, layoutSpec(spec), levels);
};

/** Straight (not premultiplied) RGBA of the palette picture, as a decoder gives it. */
function straightRgba(image: IndexedImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height * 4);
  const colour = (i: number) => image.palette[i] as Rgba;
  for (let p = 0; p < image.width * image.height; p++) {
    const y = Math.floor(p / image.width) - image.top;
    const x = (p % image.width) - image.left;
    const inBand = y >= 0 && y < image.bandHeight && x >= 0 && x < image.bandWidth;
    const c = inBand ? (image.coverage[y * image.bandWidth + x] as number) : 0;
    const { r, g, b, a } = colour(image.paletteIndex[c] as number);
    out.set([r, g, b, a], p * 4);
  }
  return out;
}

async function expectExact(image: IndexedImage, body = encodeIndexedWebp(image)) {
  const meta = await sharp(body).metadata();
  expect(meta.format).toBe('webp');
  expect([meta.width, meta.height]).toEqual([image.width, image.height]);
  const { data } = await sharp(body).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const want = straightRgba(image);
  let differ = 0;
  for (let i = 0; i < want.length; i++) if (data[i] !== want[i]) differ++;
  expect(differ).toBe(0);
}

/** A picture given as palette indices (index 0 the background), the band the whole picture. */
function fromIndices(width: number, height: number, palette: Rgba[], indices: Uint8Array) {
  const paletteIndex = new Uint8Array(256);
  for (let i = 0; i < palette.length; i++) paletteIndex[i] = i;
  return {
    width,
    height,
    left: 0,
    top: 0,
    bandWidth: width,
    bandHeight: height,
    coverage: indices,
    paletteIndex,
    palette,
  } satisfies IndexedImage;
}

const grey = (v: number, a = 255): Rgba => ({ r: v, g: v, b: v, a });
const greys = (n: number) =>
  Array.from({ length: n }, (_, i) => grey(Math.round((i * 255) / (n - 1))));

/** A small deterministic generator, so the pictures are the same in every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('lossless WebP of a two-colour picture', () => {
  it.each([
    '/600x400.webp',
    '/150x150.webp',
    '/728x90.webp?text=Leaderboard',
    '/800x700/123456/fedcba.webp?text=Hello+World',
    '/1200x630/eee/333.webp?text=Open+Graph',
    '/300x250/ff0000/ffffff.webp?text=Ad',
    '/400x300/lora.webp?text=Lorem+ipsum+dolor+sit+amet,+consectetur+adipiscing+elit',
    '/300x200@2x.webp?text=Retina',
    // any size
    '/1x1.webp',
    '/13x7.webp',
    '/9x9.webp?text=W',
    '/4000x10.webp?text=wide',
    '/10x300.webp?text=t',
  ])('%s decodes to every pixel of the picture', async (url) => {
    await expectExact(indexed(url));
  });

  it('keeps translucent colours straight, not premultiplied', async () => {
    await expectExact(indexed('/300x200/transparent/000.webp?text=Hi'));
    const half = indexed('/300x200/ff000080/0000ff.webp?text=Hi');
    await expectExact(half);
    const { data } = await sharp(encodeIndexedWebp(half))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 4)]).toEqual([255, 0, 0, 128]);
  });

  it('a picture with no text is one colour', async () => {
    const image = indexed('/500x300.webp?text=%20');
    await expectExact(image);
    expect(encodeIndexedWebp(image).length).toBeLessThan(100);
  });

  it('text touching the edges: the band is the whole picture', async () => {
    const rnd = random(7);
    const indices = Uint8Array.from({ length: 97 * 61 }, () =>
      rnd() < 0.3 ? Math.floor(rnd() * 16) : 0,
    );
    await expectExact(fromIndices(97, 61, greys(16), indices));
  });

  it('the rows around the band are background, whatever its edge rows hold', async () => {
    // Text in the band's first and last rows and columns, background all around it.
    const band = fromIndices(37, 11, greys(16), new Uint8Array(37 * 11).fill(9));
    for (const [left, top] of [
      [5, 7],
      [0, 3],
      [20, 0],
    ] as const) {
      await expectExact({ ...band, width: 90, height: 30, left, top });
    }
  });

  it.each([2, 3, 4, 5, 16, 17, 40, 256])(
    'packs %d colours (8, 4, 2 or 1 pixels a byte)',
    async (n) => {
      const rnd = random(n);
      const width = 131;
      const height = 47;
      const indices = new Uint8Array(width * height);
      for (let i = 0; i < indices.length; i++) {
        // Runs and repeats as well as noise, so copies of every kind are taken.
        indices[i] =
          rnd() < 0.6 && i > width ? (indices[i - width] as number) : Math.floor(rnd() * n);
      }
      await expectExact(fromIndices(width, height, greys(n), indices));
    },
  );

  it('copies from every short (plane) distance decode right', async () => {
    // Each row repeats one of the rows up to 7 above, shifted by up to 8 pixels either way,
    // with a fresh pixel at the edge: the best copy is at that (dx, dy), a plane code.
    const rnd = random(99);
    const width = 120;
    const height = 2000;
    const n = 40; // more than 16 colours: one pixel a byte, so plane offsets are pixel offsets
    const indices = new Uint8Array(width * height);
    for (let x = 0; x < width * 8; x++) indices[x] = Math.floor(rnd() * n);
    for (let y = 8; y < height; y++) {
      if (y % 5 === 0) {
        // A row repeating itself every 1 to 8 pixels: copies from the left.
        const period = 1 + (y % 8);
        for (let x = 0; x < width; x++) {
          indices[y * width + x] =
            x < period ? Math.floor(rnd() * n) : (indices[y * width + x - period] as number);
        }
        continue;
      }
      const dy = 1 + Math.floor(rnd() * 7);
      const dx = Math.floor(rnd() * 17) - 8;
      for (let x = 0; x < width; x++) {
        const sx = x + dx;
        indices[y * width + x] =
          sx >= 0 && sx < width
            ? (indices[(y - dy) * width + sx] as number)
            : Math.floor(rnd() * n);
      }
    }
    await expectExact(fromIndices(width, height, greys(n), indices));
  });

  it('is the same bytes every time, and no larger than libvips lossless of the exact picture', async () => {
    for (const url of [
      '/600x400.webp',
      '/150x150.webp',
      '/1200x630/eee/333.webp?text=Open+Graph',
      '/640x480/transparent/000.webp?text=alpha',
    ]) {
      const image = indexed(url);
      const ours = encodeIndexedWebp(image);
      expect(encodeIndexedWebp(image).equals(ours)).toBe(true);
      const raw = expandIndexed(indexed(url, 256));
      const theirs = await sharp(raw.data, {
        raw: {
          width: raw.width,
          height: raw.height,
          channels: raw.channels as 3 | 4,
          premultiplied: raw.channels === 4,
        },
      })
        .webp({ lossless: true, effort: 2 })
        .toBuffer();
      expect(ours.length, url).toBeLessThanOrEqual(theirs.length);
    }
  });

  it('rounds coverage to 16 levels: at most a fifteenth of the colour step off', () => {
    const exact = expandIndexed(indexed('/600x400/ffffff/000000.webp?text=Hello', 256));
    const rounded = expandIndexed(indexed('/600x400/ffffff/000000.webp?text=Hello'));
    let worst = 0;
    for (let i = 0; i < exact.data.length; i++) {
      worst = Math.max(worst, Math.abs((exact.data[i] as number) - (rounded.data[i] as number)));
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(Math.ceil(255 / 15 / 2) + 1);
  });
});
