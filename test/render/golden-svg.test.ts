/**
 * SVG = raster for every script: the SVG answer (outlines, and emoji as embedded bitmaps) is
 * rasterised by librsvg (through sharp) and compared with the raster drawing of the same spec.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { encodeIndexedPng } from '../../src/encode/indexed.js';
import { renderImage } from '../../src/pipeline/index.js';
import { isTwoColour, renderIndexed } from '../../src/render/coverage.js';
import { renderRaster } from '../../src/render/draw.js';
import { parseRequest } from '../../src/spec/parse.js';
import type { ImageSpec } from '../../src/spec/types.js';
import { layoutSpec } from '../../src/text/index.js';
import { decode, decodePng, differingShare, inkBox, type Pixels, pixel } from '../helpers.js';
import { SCRIPT_SAMPLES } from '../text/samples.js';

function spec(path: string, text: string): ImageSpec {
  return parseRequest(path, new URLSearchParams({ text }), DEFAULT_LIMITS);
}

/** The raster drawing, unpremultiplied (the backgrounds here are opaque). */
function raster(s: ImageSpec): Pixels {
  const image = renderRaster(s, layoutSpec(s));
  return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
}

function expectSamePicture(a: Pixels, b: Pixels) {
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  const bg = pixel(a, 0, 0);
  const boxA = inkBox(a, bg);
  const boxB = inkBox(b, bg);
  expect(boxA && boxB).toBeTruthy();
  if (!boxA || !boxB) return;
  for (const side of ['left', 'top', 'right', 'bottom'] as const) {
    expect(Math.abs(boxA[side] - boxB[side]), side).toBeLessThanOrEqual(1);
  }
  // Skia and librsvg anti-alias edges a little differently; the shapes are the same
  expect(differingShare(a, b, 64)).toBeLessThan(boxA.count / (a.width * a.height) / 4);
}

describe('SVG answers for every script', () => {
  it.each(SCRIPT_SAMPLES)('shows $name as the raster drawing does', async ({ text }) => {
    const s = spec('/400x160', text);
    const svg = (await renderImage(s)).body;
    expectSamePicture(raster(s), await decode(svg));
  });

  it.each(SCRIPT_SAMPLES)(
    'never puts the $name text itself into the document',
    async ({ text }) => {
      const svg = (await renderImage(spec('/400x160', text))).body.toString('utf8');
      // (ASCII words such as "Hi" or "123" turn up in base64 and coordinates by chance)
      for (const word of text.split(/\s+/).filter((w) => /[^\x20-\x7e]/.test(w))) {
        expect(svg).not.toContain(word);
      }
      expect(svg).not.toContain('<text');
    },
  );

  it('embeds colour emoji as PNG images where the raster drawing puts them', async () => {
    const svg = (await renderImage(spec('/400x160', '👩‍💻 👍🏽 🇯🇵'))).body.toString('utf8');
    expect(svg.match(/<image /g)).toHaveLength(3);
    expect(svg).toContain('data:image/png;base64,');
    expect(svg).not.toContain('d=""');
  });

  it('stays small: a few kB for short text, tens for a line of emoji', async () => {
    const sizes = await Promise.all(
      ['Hello', '你好，世界', 'مرحبا بالعالم', 'Hi 👍🏽'].map(
        async (text) => (await renderImage(spec('/600x400', text))).body.length,
      ),
    );
    expect(sizes[0]).toBeLessThan(3000);
    expect(sizes[1]).toBeLessThan(12000);
    expect(sizes[2]).toBeLessThan(12000);
    expect(sizes[3]).toBeLessThan(12000);
  });
});

// The palette path (PNG and GIF of text without emoji) draws with layout.font too: the faces
// chosen for the text, its Han forms included.
describe('the two-colour PNG path', () => {
  it.each(SCRIPT_SAMPLES.filter((s) => isTwoColour(spec('/1x1', s.text))))(
    'draws $name with the same faces as the raster path',
    async ({ text }) => {
      const s = spec('/400x160/png', text);
      const indexed = decodePng(await encodeIndexedPng(renderIndexed(s, layoutSpec(s))));
      expect(differingShare(indexed, raster(s), 8)).toBe(0);
    },
  );
});
