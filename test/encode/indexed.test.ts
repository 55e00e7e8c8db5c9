import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { encodeIndexedGif, encodeIndexedPng, hasPartialAlpha } from '../../src/encode/indexed.js';
import { blend, isTwoColour, renderIndexed } from '../../src/render/coverage.js';
import { renderRaster } from '../../src/render/draw.js';
import { parseRequest } from '../../src/spec/parse.js';
import { layoutSpec } from '../../src/text/index.js';
import { decode, decodePng, type Pixels } from '../helpers.js';

const spec = (url: string) => {
  const [path = '', query = ''] = url.split('?');
  return parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
};

/** The RGBA path's pixels, unpremultiplied, for comparison. */
function rgbaReference(url: string): Pixels {
  const s = spec(url);
  const raster = renderRaster(s, layoutSpec(s));
  const data = new Uint8Array(raster.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = raster.data[i + 3] ?? 0;
    for (let c = 0; c < 3; c++) {
      data[i + c] = a === 0 ? 0 : Math.round(((raster.data[i + c] ?? 0) * 255) / a);
    }
    data[i + 3] = a;
  }
  return { width: raster.width, height: raster.height, data };
}

function maxDifference(a: Pixels, b: Pixels): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let max = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const alpha = Math.min(a.data[i + 3] ?? 0, b.data[i + 3] ?? 0);
    for (let c = 0; c < 4; c++) {
      // colour channels of fully transparent pixels carry no information
      if (c < 3 && alpha === 0) continue;
      max = Math.max(max, Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)));
    }
  }
  return max;
}

const urls = [
  '/600x400.png',
  '/600x400/000/fff.png?text=Hello+World',
  '/300x200@2x/orange/navy.png?text=Two\\nlines&font=oswald',
  '/1x1.png',
  '/10x10.png',
  '/4000x10.png?text=wide',
  '/50x400.png?text=tall+and+thin+text+that+wraps',
  '/200x100/transparent/000.png?text=alpha',
  '/200x100/ff000080/00ff00c0.png?text=half',
  '/200x100.png?text=',
];

describe('exact palette PNG', () => {
  it.each(urls)('%s decodes (pngjs) to exactly its palette image', async (url) => {
    const s = spec(url);
    const indexed = renderIndexed(s, layoutSpec(s));
    const png = decodePng(await encodeIndexedPng(indexed));
    expect([png.width, png.height]).toEqual([indexed.width, indexed.height]);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const bx = x - indexed.left;
        const by = y - indexed.top;
        const inBand = bx >= 0 && by >= 0 && bx < indexed.bandWidth && by < indexed.bandHeight;
        const index = inBand
          ? (indexed.paletteIndex[indexed.coverage[by * indexed.bandWidth + bx] ?? 0] ?? 0)
          : 0;
        const want = indexed.palette[index];
        const i = (y * png.width + x) * 4;
        const got = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
        if (!want || got.join() !== [want.r, want.g, want.b, want.a].join()) {
          throw new Error(
            `${url}: pixel ${x},${y} is ${got} but the palette says ${JSON.stringify(want)}`,
          );
        }
      }
    }
  });

  // Drawn by the same rasteriser (Skia) as the RGBA path, the palette's blends must be Skia's
  // own source-over blends, to the level. (The outline rasteriser is compared with Skia in
  // test/render/rasterize.test.ts.)
  it.each(urls)('%s matches the RGBA rendering within 2 levels', async (url) => {
    const s = spec(url);
    const png = decodePng(
      await encodeIndexedPng(renderIndexed(s, layoutSpec(s), 256, { rasteriser: 'skia' })),
    );
    expect(maxDifference(png, rgbaReference(url))).toBeLessThanOrEqual(2);
  });

  it.each(urls)("%s: the same PNG from the rasteriser's runs as from the coverage bytes", (url) => {
    const s = spec(url);
    const { runs, ...image } = renderIndexed(s, layoutSpec(s));
    const bytes = { ...image, coverage: image.coverage };
    expect(encodeIndexedPng({ ...bytes, ...(runs ? { runs } : {}) })).toEqual(
      encodeIndexedPng(bytes),
    );
  });

  it('keeps the palette to the blends in use', () => {
    const s = spec('/100x100.png?text=');
    expect(renderIndexed(s, layoutSpec(s)).palette).toHaveLength(1);
    const t = spec('/600x400.png');
    const palette = renderIndexed(t, layoutSpec(t)).palette;
    expect(palette[0]).toEqual({ r: 0xdd, g: 0xdd, b: 0xdd, a: 255 });
    expect(palette.at(-1)).toEqual({ r: 0x99, g: 0x99, b: 0x99, a: 255 });
  });
});

describe('exact palette GIF', () => {
  it('leaves translucent blends (transparent background) to the RGBA path', () => {
    const s = spec('/100x100/transparent/000.gif');
    expect(hasPartialAlpha(renderIndexed(s, layoutSpec(s)))).toBe(true);
  });

  it.each(['/600x400.gif', '/320x200/000/ffcc00.gif?text=GIF', '/100x100/transparent.gif?text='])(
    '%s decodes (libvips) to the RGBA rendering',
    async (url) => {
      const s = spec(url);
      const indexed = renderIndexed(s, layoutSpec(s), 256, { rasteriser: 'skia' });
      const gif = await decode(encodeIndexedGif(indexed));
      expect(maxDifference(gif, rgbaReference(url))).toBeLessThanOrEqual(2);
    },
  );
});

describe('blend and isTwoColour', () => {
  it('blends like source-over', () => {
    const bg = { r: 0, g: 0, b: 0, a: 255 };
    const fg = { r: 255, g: 255, b: 255, a: 255 };
    expect(blend(bg, fg, 0)).toEqual(bg);
    expect(blend(bg, fg, 255)).toEqual(fg);
    expect(blend(bg, fg, 128)).toEqual({ r: 128, g: 128, b: 128, a: 255 });
    expect(blend({ r: 0, g: 0, b: 0, a: 0 }, fg, 51)).toEqual({ r: 255, g: 255, b: 255, a: 51 });
  });

  it('sends colour emoji to the RGBA path', () => {
    expect(isTwoColour(spec('/10.png?text=hello'))).toBe(true);
    expect(isTwoColour(spec('/10.png?text=%F0%9F%91%8D'))).toBe(false);
  });
});
