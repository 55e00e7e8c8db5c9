/**
 * Drawing a placeholder: one function paints onto any Skia 2D context, so the raster and the
 * SVG answer share every line of layout and drawing and cannot drift apart.
 */
import { type Canvas, createCanvas, type SKRSContext2D, SvgExportFlag } from '@napi-rs/canvas';
import type { RasterImage } from '../encode/types.js';
import { colourToCss } from '../spec/colour.js';
import type { ImageSpec } from '../spec/types.js';
import { applyTextStyle, type PositionedLine, type TextLayout } from '../text/index.js';
import { measuringContext, noteNativeBytes, release, withCanvas } from './canvas.js';
import { hasColourGlyphs } from './glyphs.js';

function paint(ctx: SKRSContext2D, spec: ImageSpec, layout: TextLayout): void {
  if (spec.background.a > 0) {
    ctx.fillStyle = colourToCss(spec.background);
    if (spec.radius) {
      ctx.beginPath();
      ctx.roundRect(0, 0, spec.width, spec.height, spec.radius);
      ctx.fill();
    } else {
      ctx.fillRect(0, 0, spec.width, spec.height);
    }
  }
  if (layout.lines.length === 0 || spec.foreground.a === 0) return;
  ctx.fillStyle = colourToCss(spec.foreground);
  applyTextStyle(ctx, layout);
  for (const line of layout.lines) ctx.fillText(line.text, line.x, line.y);
}

/** Draw the spec at its output size (retina scale applied). */
export function renderRaster(spec: ImageSpec, layout: TextLayout): RasterImage {
  const width = spec.width * spec.scale;
  const height = spec.height * spec.scale;
  const data = withCanvas(width, height, (canvas) => {
    const ctx = canvas.getContext('2d');
    ctx.scale(spec.scale, spec.scale);
    paint(ctx, spec, layout);
    noteNativeBytes(width * height * 4);
    return canvas.data();
  });
  return { data, width, height };
}

/** Colour glyphs are embedded at twice their size in CSS pixels (sharp on 2x screens)... */
const BITMAP_RESOLUTION = 2;
/** ...but with an em of at most this many pixels, which keeps huge emoji to tens of kB... */
const BITMAP_MAX_EM = 512;
/**
 * ...and a line's drawing strip to at most this many pixels. Each strip is drawn and read back
 * twice, and the read-back pixels live outside V8's sight until the collector runs: at 4
 * megapixels a 4000x4000 SVG of 100 emoji held 350 MB and took 5 s; at 1 megapixel, about a
 * quarter of both, and its emoji are still drawn at about their size.
 */
const BITMAP_MAX_PIXELS = 1_000_000;

interface Strip {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Bitmap pixels per CSS pixel. */
  readonly resolution: number;
}

/** The rectangle (CSS pixels, inside the image) that a line's ink can touch. */
function lineStrip(ctx: SKRSContext2D, spec: ImageSpec, line: PositionedLine, fontSize: number) {
  const m = ctx.measureText(line.text);
  const left = Math.max(0, Math.floor(line.x - m.actualBoundingBoxLeft) - 1);
  const top = Math.max(0, Math.floor(line.y - m.actualBoundingBoxAscent) - 1);
  const right = Math.min(spec.width, Math.ceil(line.x + m.actualBoundingBoxRight) + 1);
  const bottom = Math.min(spec.height, Math.ceil(line.y + m.actualBoundingBoxDescent) + 1);
  const width = right - left;
  const height = bottom - top;
  if (width <= 0 || height <= 0) return undefined;
  const resolution = Math.min(
    BITMAP_RESOLUTION,
    Math.max(1, BITMAP_MAX_EM / fontSize),
    Math.sqrt(BITMAP_MAX_PIXELS / (width * height)),
  );
  return { left, top, width, height, resolution };
}

/** Draw one line onto a transparent bitmap of its strip, in `colour`; unpremultiplied RGBA. */
function drawStrip(strip: Strip, layout: TextLayout, line: PositionedLine, colour: string) {
  const width = Math.ceil(strip.width * strip.resolution);
  const height = Math.ceil(strip.height * strip.resolution);
  return withCanvas(width, height, (canvas) => {
    const ctx = canvas.getContext('2d');
    ctx.scale(strip.resolution, strip.resolution);
    ctx.translate(-strip.left, -strip.top);
    ctx.fillStyle = colour;
    applyTextStyle(ctx, layout);
    ctx.fillText(line.text, line.x, line.y);
    noteNativeBytes(width * height * 4);
    return ctx.getImageData(0, 0, width, height);
  });
}

/**
 * Skia's SVG canvas turns text into outlines but drops colour glyphs. So each line with emoji
 * is also drawn onto bitmaps, twice, in two text colours: the pixels that come out the same
 * both times are colour glyphs (whose colours come from the font), the others are text. Each
 * run of colour glyphs is cut out and drawn into the SVG as an embedded PNG, exactly where the
 * raster drawing puts it.
 */
function embedColourGlyphs(ctx: SKRSContext2D, spec: ImageSpec, layout: TextLayout): void {
  const lines = layout.lines.filter((line) => hasColourGlyphs(line.text));
  if (lines.length === 0 || spec.foreground.a === 0) return;
  const measuring = measuringContext();
  applyTextStyle(measuring, layout);
  const alpha = spec.foreground.a / 255;
  for (const line of lines) {
    const strip = lineStrip(measuring, spec, line, layout.fontSize);
    if (!strip) continue;
    const dark = drawStrip(strip, layout, line, `rgba(0,0,0,${alpha})`);
    const light = drawStrip(strip, layout, line, `rgba(255,255,255,${alpha})`);
    const { width } = dark;
    const a = dark.data;
    const b = light.data;
    const columns = new Uint8Array(width);
    for (let i = 0; i < a.length; i += 4) {
      const same = a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2];
      if (a[i + 3] !== 0 && same && a[i + 3] === b[i + 3]) columns[(i / 4) % width] = 1;
      else a[i + 3] = 0;
    }
    for (const [x0, x1] of runs(columns)) {
      const piece = cutOut(dark, x0, x1);
      if (!piece) continue;
      const r = strip.resolution;
      ctx.drawImage(
        piece.canvas,
        strip.left + x0 / r,
        strip.top + piece.top / r,
        (x1 - x0) / r,
        piece.height / r,
      );
      release(piece.canvas);
    }
  }
}

/** Runs of set columns, as [start, end) pairs; gaps of a column or two do not split a run. */
function runs(columns: Uint8Array): [number, number][] {
  const found: [number, number][] = [];
  let start = -1;
  let lastSet = -10;
  columns.forEach((set, x) => {
    if (!set) return;
    if (start < 0) start = x;
    else if (x - lastSet > 2) {
      found.push([start, lastSet + 1]);
      start = x;
    }
    lastSet = x;
  });
  if (start >= 0) found.push([start, lastSet + 1]);
  return found;
}

interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Columns x0..x1 of `image`, trimmed to the rows that have ink, as a canvas. */
function cutOut(image: Pixels, x0: number, x1: number) {
  const { width, height, data } = image;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = x0; x < x1; x++) {
      if (data[(y * width + x) * 4 + 3] !== 0) {
        if (y < top) top = y;
        bottom = y;
        break;
      }
    }
  }
  if (bottom < top) return undefined;
  const pieceHeight = bottom - top + 1;
  const canvas: Canvas = createCanvas(x1 - x0, pieceHeight);
  noteNativeBytes((x1 - x0) * pieceHeight * 4 * 2); // its surface and the pixels put on it
  const pctx = canvas.getContext('2d');
  const piece = pctx.createImageData(x1 - x0, pieceHeight);
  for (let y = 0; y < pieceHeight; y++) {
    const from = ((top + y) * width + x0) * 4;
    piece.data.set(data.subarray(from, from + (x1 - x0) * 4), y * (x1 - x0) * 4);
  }
  pctx.putImageData(piece, 0, 0);
  return { canvas, top, height: pieceHeight };
}

/** Outline coordinates keep two decimals: a hundredth of a pixel is invisible and saves half the bytes. */
const LONG_DECIMALS = /(\.\d{2})\d+/g;
/** Skia writes an empty path for each glyph it cannot outline (the colour glyphs). */
const EMPTY_PATH = /\s*<path [^>]*d=""\/>/g;

/**
 * Draw the spec as SVG with the text converted to outlines: the viewer needs none of our fonts,
 * the picture matches the raster one, and no user text (so no markup) reaches the document.
 * Colour emoji, which have no outline, are embedded as PNG images (see embedColourGlyphs).
 */
export function renderSvg(spec: ImageSpec, layout: TextLayout): Buffer {
  const canvas = createCanvas(spec.width, spec.height, SvgExportFlag.ConvertTextToPaths);
  const ctx = canvas.getContext('2d');
  paint(ctx, spec, layout);
  embedColourGlyphs(ctx, spec, layout);
  const svg = canvas
    .getContent()
    .toString('utf8')
    .replace(EMPTY_PATH, '')
    .replace(LONG_DECIMALS, '$1')
    .replace(
      /<svg ([^>]*)width="(\d+)" height="(\d+)"/,
      '<svg $1width="$2" height="$3" viewBox="0 0 $2 $3"',
    );
  return Buffer.from(svg, 'utf8');
}
