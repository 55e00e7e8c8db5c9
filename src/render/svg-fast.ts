/**
 * SVG without a Skia canvas for the common case: a flat background and text in one face whose
 * glyphs do not change with their neighbours ("600 × 400", "Hero", "No image"). Skia's SVG
 * canvas cost about a millisecond a picture, most of it making the canvas and serialising it;
 * here the picture is the cached outlines placed as Skia places them (outlines.ts), scaled,
 * written as the same document Skia writes.
 */
import { colourToHex } from '../spec/colour.js';
import type { ImageSpec, Rgba } from '../spec/types.js';
import type { TextLayout } from '../text/index.js';
import { canPlaceGlyphs, placeGlyphs, REF } from './outlines.js';

/** Can this spec be written by composing cached outlines? */
export const canComposeSvg = canPlaceGlyphs;

/** A number as Skia's SVG canvas writes it here: at most two decimals, no trailing zeros. */
const num = (n: number) => String(Math.round(n * 100) / 100);

/** `fill` (and `fill-opacity`) for a colour. */
function fill(colour: Rgba): string {
  const hex = colourToHex(colour).slice(0, 7).toUpperCase();
  return colour.a === 255 ? `fill="${hex}"` : `fill="${hex}" fill-opacity="${num(colour.a / 255)}"`;
}

/** The SVG of a spec canComposeSvg accepted. */
export function composeSvg(spec: ImageSpec, layout: TextLayout): Buffer {
  const { width, height } = spec;
  const parts = [
    '<?xml version="1.0" encoding="utf-8" ?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n`,
  ];
  if (spec.background.a > 0) {
    parts.push(`\t<rect ${fill(spec.background)} width="${width}" height="${height}"/>\n`);
  }
  if (spec.foreground.a > 0 && layout.lines.length > 0) {
    const scale = layout.fontSize / REF;
    const d: string[] = [];
    for (const { glyph, x, y } of placeGlyphs(spec, layout)) {
      for (const { op, args } of glyph.commands) {
        let text = op;
        for (let k = 0; k < args.length; k += 2) {
          text += `${k === 0 ? '' : ' '}${num(x + (args[k] ?? 0) * scale)} ${num(y + (args[k + 1] ?? 0) * scale)}`;
        }
        d.push(text);
      }
    }
    if (d.length > 0) parts.push(`\t<path ${fill(spec.foreground)} d="${d.join('')}"/>\n`);
  }
  parts.push('</svg>\n');
  return Buffer.from(parts.join(''), 'utf8');
}
