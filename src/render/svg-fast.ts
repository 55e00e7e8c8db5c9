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

/**
 * A number as Skia's SVG canvas writes it here: at most two decimals, no trailing zeros (the
 * same text as String(Math.round(n * 100) / 100), built from integers: a few times faster, and
 * a picture has hundreds of them).
 */
export function svgNumber(n: number): string {
  const hundredths = Math.round(n * 100);
  const magnitude = Math.abs(hundredths);
  const whole = Math.floor(magnitude / 100);
  const fraction = magnitude - whole * 100;
  const sign = hundredths < 0 ? '-' : '';
  if (fraction === 0) return `${sign}${whole}`;
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`;
  return `${sign}${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/** `fill` (and `fill-opacity`) for a colour. */
function fill(colour: Rgba): string {
  const hex = colourToHex(colour).slice(0, 7).toUpperCase();
  return colour.a === 255
    ? `fill="${hex}"`
    : `fill="${hex}" fill-opacity="${svgNumber(colour.a / 255)}"`;
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
    let d = '';
    for (const { glyph, x, y } of placeGlyphs(spec, layout)) {
      for (const { op, args } of glyph.commands) {
        d += op;
        for (let k = 0; k < args.length; k += 2) {
          if (k > 0) d += ' ';
          d += `${svgNumber(x + (args[k] ?? 0) * scale)} ${svgNumber(y + (args[k + 1] ?? 0) * scale)}`;
        }
      }
    }
    if (d !== '') parts.push(`\t<path ${fill(spec.foreground)} d="${d}"/>\n`);
  }
  parts.push('</svg>\n');
  // Tags, numbers and colours: ASCII only, so latin1 is the same bytes as UTF-8, written faster.
  return Buffer.from(parts.join(''), 'latin1');
}
