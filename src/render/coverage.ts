/**
 * A placeholder is two flat colours and the anti-aliased blends between them. Drawn once in
 * black on transparent, the text's alpha is its coverage (0..255) at each pixel; the picture
 * is then an index image whose palette holds the background, the text colour and the blends
 * actually used: exact, with no quantisation, and only the band of rows that holds text is
 * drawn at all. The palette encoders (encode/indexed.ts) turn it into PNG or GIF.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { IndexedImage } from '../encode/types.js';
import { scratchArray } from '../scratch.js';
import type { ImageSpec, Rgba } from '../spec/types.js';
import { applyTextStyle, type TextLayout } from '../text/index.js';
import { measuringContext, noteNativeBytes, withCanvas } from './canvas.js';
import { hasColourGlyphs } from './glyphs.js';
import { canPlaceGlyphs, type PlacedGlyph, placeGlyphs, REF } from './outlines.js';
import { Accumulator } from './rasterize.js';
import { CoverageRuns } from './runs.js';

/** Can this spec be drawn as an exact two-colour palette image? Colour glyphs are not one colour. */
export function isTwoColour(spec: ImageSpec): boolean {
  // Rounded corners blend the background into transparency: not two colours either.
  return !hasColourGlyphs(spec.text) && !spec.radius;
}

/** `fg` at `coverage`/255 over `bg`, as Skia's source-over blend computes it. */
export function blend(bg: Rgba, fg: Rgba, coverage: number): Rgba {
  return unpack(blendPacked(bg, fg, coverage));
}

const unpack = (packed: number): Rgba => ({
  r: packed >>> 24,
  g: (packed >>> 16) & 255,
  b: (packed >>> 8) & 255,
  a: packed & 255,
});

/** `blend` as one number, 0xRRGGBBAA: compared and kept without an object per coverage value. */
function blendPacked(bg: Rgba, fg: Rgba, coverage: number): number {
  const srcA = (fg.a / 255) * (coverage / 255);
  const dstA = bg.a / 255;
  const outA = srcA + dstA * (1 - srcA);
  if (outA === 0) return 0;
  const back = dstA * (1 - srcA);
  const r = Math.round((fg.r * srcA + bg.r * back) / outA);
  const g = Math.round((fg.g * srcA + bg.g * back) / outA);
  const b = Math.round((fg.b * srcA + bg.b * back) / outA);
  return ((r << 24) | (g << 16) | (b << 8) | Math.round(outA * 255)) >>> 0;
}

interface Band {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Coverage arrays kept for callers that ask for scratch (see renderIndexed), up to 8 MB. */
const coverageArray = scratchArray((n) => new Uint8Array(n), 8 << 20, 1 << 16);

/** Ink margin in output pixels around the measured glyph boxes, for anti-aliasing. */
const MARGIN = 2;

/** The rectangle of output pixels the text's ink can touch, from Skia's own measurements. */
function inkBand(
  ctx: SKRSContext2D,
  layout: TextLayout,
  scale: number,
  width: number,
  height: number,
): Band {
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const line of layout.lines) {
    const m = ctx.measureText(line.text);
    if (m.width === 0 && m.actualBoundingBoxAscent === 0 && m.actualBoundingBoxDescent === 0)
      continue;
    left = Math.min(left, line.x - m.actualBoundingBoxLeft);
    right = Math.max(right, line.x + m.actualBoundingBoxRight);
    top = Math.min(top, line.y - m.actualBoundingBoxAscent);
    bottom = Math.max(bottom, line.y + m.actualBoundingBoxDescent);
  }
  if (!(right > left && bottom > top)) return { left: 0, top: 0, width: 0, height: 0 };
  const x0 = Math.max(0, Math.floor(left * scale) - MARGIN);
  const y0 = Math.max(0, Math.floor(top * scale) - MARGIN);
  const x1 = Math.min(width, Math.ceil(right * scale) + MARGIN);
  const y1 = Math.min(height, Math.ceil(bottom * scale) + MARGIN);
  return { left: x0, top: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** The alpha channel of RGBA pixels (the coverage), marking each value that occurs in `used`. */
function alphaOf(rgba: Uint8ClampedArray, used: Uint8Array): Uint8Array {
  const alpha = new Uint8Array(rgba.length >> 2);
  if (rgba.byteOffset % 4 === 0) {
    // Little-endian words: alpha is the top byte (all supported platforms are little-endian).
    // Most of a band is background, all zero: skipped (twice as fast, measured).
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, alpha.length);
    for (let i = 0; i < alpha.length; i++) {
      const word = words[i] as number;
      if (word === 0) continue;
      const a = word >>> 24;
      alpha[i] = a;
      used[a] = 1;
    }
  } else {
    for (let i = 0, p = 3; i < alpha.length; i++, p += 4) {
      const a = rgba[p] as number;
      alpha[i] = a;
      used[a] = 1;
    }
  }
  return alpha;
}

/** Blend tables of the colour pairs seen last (most pictures share a few pairs). */
const blendTables = new Map<string, Uint32Array>();
const BLEND_TABLES_KEPT = 64;

/** The blend of every coverage 0..255, rounded to `levels` (packed, see blendPacked). */
function blendTable(bg: Rgba, fg: Rgba, levels: number): Uint32Array {
  const key = `${bg.r},${bg.g},${bg.b},${bg.a} ${fg.r},${fg.g},${fg.b},${fg.a} ${levels}`;
  let table = blendTables.get(key);
  if (!table) {
    const step = 255 / (levels - 1);
    table = new Uint32Array(256);
    for (let coverage = 0; coverage < 256; coverage++) {
      const level = levels === 256 ? coverage : Math.round(Math.round(coverage / step) * step);
      table[coverage] = blendPacked(bg, fg, level);
    }
    if (blendTables.size >= BLEND_TABLES_KEPT) blendTables.clear();
    blendTables.set(key, table);
  }
  return table;
}

/**
 * The palette of the blends that occur (`used`, by coverage), one entry per distinct colour, in
 * coverage order, and the index of each coverage value. A blend only moves one way as coverage
 * grows, so equal colours are neighbours: between two close colours many coverage values give
 * the same blend, and they share an entry.
 */
function paletteOf(
  spec: ImageSpec,
  used: Uint8Array,
  levels: number,
): { palette: Rgba[]; paletteIndex: Uint8Array } {
  const blends = blendTable(spec.background, spec.foreground, levels);
  const paletteIndex = new Uint8Array(256);
  const palette: Rgba[] = [];
  let last = -1;
  for (let coverage = 0; coverage < 256; coverage++) {
    if (!used[coverage]) continue;
    const colour = blends[coverage] as number;
    if (colour !== last) {
      palette.push(unpack(colour));
      last = colour;
    }
    paletteIndex[coverage] = palette.length - 1;
  }
  return { palette, paletteIndex };
}

/** The text's coverage in the band of output pixels its ink can touch. */
interface Coverage {
  readonly band: Band;
  /** The coverage bytes, `band.width` per row (written from the runs when first asked for). */
  readonly coverage: () => Uint8Array;
  /** The same coverage as runs, when the rasteriser here drew it. */
  readonly runs?: CoverageRuns;
}

const EMPTY = new Uint8Array(0);
const NO_COVERAGE: Coverage = {
  band: { left: 0, top: 0, width: 0, height: 0 },
  coverage: () => EMPTY,
};

/**
 * The coverage of placed glyphs (outlines.ts), filled without Skia, or undefined when their
 * ink would reach past the picture's edge (then Skia's canvas clips it).
 */
function fillGlyphs(
  placed: readonly PlacedGlyph[],
  fontSize: number,
  scale: number,
  width: number,
  height: number,
  used: Uint8Array,
  scratch: boolean,
): Coverage | undefined {
  const unit = (fontSize / REF) * scale;
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const { glyph, x, y } of placed) {
    left = Math.min(left, x * scale + glyph.left * unit);
    right = Math.max(right, x * scale + glyph.right * unit);
    top = Math.min(top, Math.round(y * scale) + glyph.top * unit);
    bottom = Math.max(bottom, Math.round(y * scale) + glyph.bottom * unit);
  }
  if (!(right > left && bottom > top)) return NO_COVERAGE;
  const x0 = Math.floor(left) - MARGIN;
  const y0 = Math.floor(top) - MARGIN;
  const x1 = Math.ceil(right) + MARGIN;
  const y1 = Math.ceil(bottom) + MARGIN;
  if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) return undefined;
  const band = { left: x0, top: y0, width: x1 - x0, height: y1 - y0 };
  const cells = new Accumulator(band.width, band.height);
  for (const { glyph, x, y } of placed) {
    // Skia puts horizontal text on a whole-pixel baseline (its x keeps subpixel precision).
    const ox = x * scale - x0;
    const oy = Math.round(y * scale) - y0;
    cells.path(glyph.commands, ox, oy, unit);
  }
  const runs = new CoverageRuns(band.width, band.height, scratch);
  cells.runs(runs, used);
  let bytes: Uint8Array | undefined;
  const coverage = () => {
    if (!bytes) {
      const size = band.width * band.height;
      bytes = scratch ? coverageArray(size).fill(0) : new Uint8Array(size);
      runs.fillBytes(bytes);
    }
    return bytes;
  };
  return { band, coverage, runs };
}

/** The text drawn by Skia onto a canvas of its band and read back: any text, any script. */
function skiaCoverage(
  spec: ImageSpec,
  layout: TextLayout,
  width: number,
  height: number,
  used: Uint8Array,
): Coverage {
  const scale = spec.scale;
  const measuring = measuringContext();
  applyTextStyle(measuring, layout);
  const band = inkBand(measuring, layout, scale, width, height);
  if (band.width === 0 || band.height === 0) return NO_COVERAGE;
  const { left, top } = band;
  const rgba = withCanvas(band.width, band.height, (canvas) => {
    const ctx = canvas.getContext('2d');
    ctx.translate(-left, -top);
    ctx.scale(scale, scale);
    // Skia tunes glyph masks to the luminance of the text colour (its gamma "preblend"), so
    // the coverage is drawn in the real colour, opaque, to get the very same masks.
    const { r, g, b } = spec.foreground;
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    applyTextStyle(ctx, layout);
    for (const line of layout.lines) ctx.fillText(line.text, line.x, line.y);
    noteNativeBytes(band.width * band.height * 4);
    return ctx.getImageData(0, 0, band.width, band.height).data;
  });
  const coverage = alphaOf(rgba, used);
  return { band, coverage: () => coverage };
}

/**
 * Below this size in output pixels text goes to Skia, whose hinting snaps small glyphs' stems
 * to whole pixels (sharper at 12 px; above about 24 px the difference is hard to see, and
 * filling outlines exactly is what a browser does with the SVG answer).
 */
const MIN_OUTLINE_PX = 24;

/**
 * Which rasteriser draws the text: `auto` fills cached outlines (outlines.ts, rasterize.ts)
 * when the text allows it and Skia otherwise; `skia` always draws with Skia.
 */
export type TextRasteriser = 'auto' | 'skia';

export interface RenderIndexedOptions {
  /** Which rasteriser draws the text (default `auto`). */
  readonly rasteriser?: TextRasteriser;
  /**
   * Keep the coverage (its runs, and its bytes when they are read) in arrays kept for the
   * thread and reused by the next call: for a caller that is done with the image before it
   * renders another (the pipeline encodes at once). A fresh band array costs more in page
   * faults than filling it.
   */
  readonly scratch?: boolean;
}

/**
 * Draw the spec's text as coverage and build its palette image: exact with 256 `levels`; with
 * fewer, coverage is rounded to that many blends (GIF uses 32: see docs/benchmarks.md).
 */
export function renderIndexed(
  spec: ImageSpec,
  layout: TextLayout,
  levels = 256,
  options: RenderIndexedOptions = {},
): IndexedImage {
  const { rasteriser = 'auto', scratch = false } = options;
  const scale = spec.scale;
  const width = spec.width * scale;
  const height = spec.height * scale;
  const used = new Uint8Array(256);
  used[0] = 1;
  let drawn = NO_COVERAGE;
  if (layout.lines.length > 0 && spec.foreground.a > 0) {
    const filled =
      rasteriser === 'auto' &&
      layout.fontSize * scale >= MIN_OUTLINE_PX &&
      canPlaceGlyphs(spec, layout)
        ? fillGlyphs(
            placeGlyphs(spec, layout),
            layout.fontSize,
            scale,
            width,
            height,
            used,
            scratch,
          )
        : undefined;
    drawn = filled ?? skiaCoverage(spec, layout, width, height, used);
  }
  const { band, coverage, runs } = drawn;
  const { palette, paletteIndex } = paletteOf(spec, used, levels);
  return {
    width,
    height,
    left: band.left,
    top: band.top,
    bandWidth: band.width,
    bandHeight: band.height,
    // Written from the runs only if an encoder reads it: the PNG encoder feeds the runs.
    get coverage() {
      return coverage();
    },
    ...(runs ? { runs } : {}),
    paletteIndex,
    palette,
  };
}
