/**
 * fakeimg.pl's grammar:
 *
 *   /{size}/[{bg}[,{alpha}]/[{fg}[,{alpha}]/]]?text=...&font=...&font_size=...&retina=1
 *
 * Sizes are `300` or `250x100`; colours 3 or 6 hex digits with an optional alpha 0..255 after a
 * comma; its default format is PNG. Its fonts map onto bundled faces (docs/grammars.md).
 */
import type { Limits } from '../../config.js';
import { quote, StandinError } from '../../errors.js';
import {
  checkArea,
  defaultText,
  parseFont,
  parseSize,
  parseText,
  parseTextOverrides,
  pathSegments,
  queryParam,
} from '../common.js';
import type { FontName, ImageSpec, Rgba, Scale } from '../types.js';

export const FAKEIMG_DEFAULTS = {
  background: { r: 0xcc, g: 0xcc, b: 0xcc, a: 255 },
  foreground: { r: 0x90, g: 0x90, b: 0x90, a: 255 },
  font: 'bebas-neue' as FontName,
} as const;

/**
 * fakeimg.pl's font names → bundled faces. Museo is not free to bundle: Museo Sans's nearest
 * open face here is Montserrat.
 */
export const FAKEIMG_FONTS: Readonly<Record<string, FontName>> = {
  yanone: 'yanone-kaffeesatz',
  bebas: 'bebas-neue',
  lobster: 'lobster',
  museo: 'montserrat',
  noto: 'noto-sans',
  'noto-sans': 'noto-sans',
  'noto-serif': 'noto-serif',
};

/** `ff0000`, `f00`, `ff0000,128`: hex with an optional alpha 0..255. */
export function parseFakeimgColour(input: string, role: string): Rgba {
  const [hex = '', alpha, ...extra] = input.split(',');
  const digits = hex.replace(/^#/, '');
  if (extra.length > 0 || !/^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(digits)) {
    throw new StandinError(
      'bad_colour',
      `${role} must be 3 or 6 hex digits with an optional alpha 0..255 (like ff0000,128), got ${quote(input)}`,
    );
  }
  const six = digits.length === 3 ? [...digits].map((c) => c + c).join('') : digits;
  const byte = (i: number) => Number.parseInt(six.slice(i, i + 2), 16);
  let a = 255;
  if (alpha !== undefined) {
    a = Number(alpha);
    if (!/^\d{1,3}$/.test(alpha) || a > 255) {
      throw new StandinError('bad_colour', `${role} alpha must be 0..255, got ${quote(alpha)}`);
    }
  }
  return { r: byte(0), g: byte(2), b: byte(4), a };
}

/** A fakeimg font name, or any font standin bundles. */
export function parseFakeimgFont(input: string): FontName {
  const name = input.trim().toLowerCase();
  return FAKEIMG_FONTS[name] ?? parseFont(input);
}

export function parseFakeimg(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  const [sizeSegment = '', bg, fg, ...rest] = pathSegments(path);
  if (rest.length > 0) {
    throw new StandinError(
      'bad_path',
      `expected /{size}/{background}/{text colour}/, got an extra segment ${quote(rest[0] ?? '')}`,
    );
  }
  const size = parseSize(sizeSegment, limits);
  const retina = query.get('retina');
  const scale: Scale = retina === '1' || retina === 'true' ? 2 : size.scale;
  checkArea({ ...size, scale }, limits);
  const text = queryParam(query, 'text', 'Text');
  const font = query.get('font');
  return {
    width: size.width,
    height: size.height,
    scale,
    format: 'png',
    background:
      bg === undefined ? FAKEIMG_DEFAULTS.background : parseFakeimgColour(bg, 'background colour'),
    foreground:
      fg === undefined ? FAKEIMG_DEFAULTS.foreground : parseFakeimgColour(fg, 'text colour'),
    text: text === undefined ? defaultText(size.width, size.height) : parseText(text, limits),
    font: font === null || font === '' ? FAKEIMG_DEFAULTS.font : parseFakeimgFont(font),
    ...parseTextOverrides(query),
  };
}

/** Does a URL use something only fakeimg.pl's grammar has? */
export function looksLikeFakeimg(path: string, query: URLSearchParams): boolean {
  return (
    (path.endsWith('/') && path.length > 1 && !/\.[a-z]+\/?$/i.test(path)) ||
    /,\d/.test(path) ||
    query.has('retina') ||
    (query.get('font')?.toLowerCase() ?? '') in FAKEIMG_FONTS
  );
}
