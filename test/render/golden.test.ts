/**
 * Golden images: the picture of each case is compared with a committed PNG in test/golden,
 * within a per-pixel tolerance (anti-aliasing may move by a level or two between Skia builds).
 * A change of look is made on purpose, and reviewed as a diff of pictures:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts
 *
 * Pictures are drawn by the raster path (render/draw.ts: the drawing behind JPEG, WebP, AVIF
 * and emoji PNGs, and the same paint() as the SVG).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { encodeRaster } from '../../src/encode/encode.js';
import { renderRaster } from '../../src/render/draw.js';
import { parseRequest } from '../../src/spec/parse.js';
import type { ImageSpec } from '../../src/spec/types.js';
import { layoutSpec } from '../../src/text/index.js';
import { decodePng, type Pixels } from '../helpers.js';
import { SCRIPT_SAMPLES } from '../text/samples.js';

const GOLDEN_DIR = join(import.meta.dirname, '..', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** A channel may differ by this much before a pixel counts as different... */
const CHANNEL_TOLERANCE = 8;
/** ...and this share of the pixels may differ. */
const PIXEL_TOLERANCE = 0.001;

function spec(path: string, query: Record<string, string> = {}): ImageSpec {
  return parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
}

const LONG =
  'The quick brown fox jumps over the lazy dog while the five boxing wizards jump quickly. '.repeat(
    5,
  );

const CASES: readonly { name: string; spec: ImageSpec }[] = [
  ...SCRIPT_SAMPLES.map((s) => ({ name: s.name, spec: spec('/400x160/png', { text: s.text }) })),
  {
    name: 'mixed-scripts',
    spec: spec('/480x200/222/eee/png', { text: 'Hello мир 你好 مرحبا שלום नमस्ते 👋' }),
  },
  { name: 'multi-line', spec: spec('/300x200/png', { text: 'one\ntwo\nthree' }) },
  { name: 'rtl-multi-line', spec: spec('/300x200/png', { text: 'שלום\nעולם גדול ויפה 42' }) },
  { name: 'long-text', spec: spec('/300x200/png', { text: LONG }) },
  {
    name: 'fixed-size-ellipsis',
    spec: spec('/300x120/png', { text: LONG, 'font-size': '24', 'line-height': '1.5' }),
  },
  { name: 'tiny-10x10', spec: spec('/10x10/png') },
  { name: 'tiny-10x10-cjk', spec: spec('/10x10/png', { text: '你好' }) },
  { name: 'huge-4000x1000', spec: spec('/4000x1000/png', { text: 'Huge 大きい 👍🏽' }) },
  { name: 'retina', spec: spec('/200x80@2x/png', { text: 'Retina ✓ 🇯🇵' }) },
];

async function draw(s: ImageSpec): Promise<Buffer> {
  const raster = renderRaster(s, layoutSpec(s));
  return encodeRaster(raster, 'png', { opaque: s.background.a === 255 });
}

/** Share of pixels whose channels differ by more than the tolerance. */
function differing(a: Pixels, b: Pixels): number {
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)) > CHANNEL_TOLERANCE) {
        count++;
        break;
      }
    }
  }
  return count / (a.width * a.height);
}

describe('golden images', () => {
  it.each(CASES)('draws $name as the reference picture', async ({ name, spec: s }) => {
    const file = join(GOLDEN_DIR, `${name}.png`);
    const body = await draw(s);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`no golden image ${file}: run with UPDATE_GOLDEN=1`);
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, body);
      return;
    }
    const actual = decodePng(body);
    const expected = decodePng(readFileSync(file));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    expect(differing(actual, expected)).toBeLessThanOrEqual(PIXEL_TOLERANCE);
  });
});
