/**
 * Drawing a placeholder: one function paints onto any Skia 2D context, so the raster and the
 * SVG answer share every line of layout and drawing and cannot drift apart.
 */
import { createCanvas, type SKRSContext2D, SvgExportFlag } from '@napi-rs/canvas';
import { colourToCss } from '../spec/colour.js';
import type { ImageSpec } from '../spec/types.js';
import { cssFont, type TextLayout } from '../text/index.js';

/** Raw pixels as Skia keeps them: RGBA, 8 bits a channel, premultiplied by alpha. */
export interface RasterImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

function paint(ctx: SKRSContext2D, spec: ImageSpec, layout: TextLayout): void {
  if (spec.background.a > 0) {
    ctx.fillStyle = colourToCss(spec.background);
    ctx.fillRect(0, 0, spec.width, spec.height);
  }
  if (layout.lines.length === 0 || spec.foreground.a === 0) return;
  ctx.fillStyle = colourToCss(spec.foreground);
  ctx.font = cssFont(spec.font, layout.fontSize);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (const line of layout.lines) ctx.fillText(line.text, line.x, line.y);
}

/** Draw the spec at its output size (retina scale applied). */
export function renderRaster(spec: ImageSpec, layout: TextLayout): RasterImage {
  const width = spec.width * spec.scale;
  const height = spec.height * spec.scale;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.scale(spec.scale, spec.scale);
  paint(ctx, spec, layout);
  return { data: canvas.data(), width, height };
}

/** Outline coordinates keep two decimals: a hundredth of a pixel is invisible and saves half the bytes. */
const LONG_DECIMALS = /(\.\d{2})\d+/g;

/**
 * Draw the spec as SVG with the text converted to outlines: the viewer needs none of our fonts,
 * the picture matches the raster one, and no user text (so no markup) reaches the document.
 */
export function renderSvg(spec: ImageSpec, layout: TextLayout): Buffer {
  const canvas = createCanvas(spec.width, spec.height, SvgExportFlag.ConvertTextToPaths);
  paint(canvas.getContext('2d'), spec, layout);
  const svg = canvas
    .getContent()
    .toString('utf8')
    .replace(LONG_DECIMALS, '$1')
    .replace(
      /<svg ([^>]*)width="(\d+)" height="(\d+)"/,
      '<svg $1width="$2" height="$3" viewBox="0 0 $2 $3"',
    );
  return Buffer.from(svg, 'utf8');
}
