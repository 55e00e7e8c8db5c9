/**
 * fakeimg.pl's grammar:
 *
 *   /{size}/[{bg}[,{alpha}]/[{fg}[,{alpha}]/]]?text=...&font=...&font_size=...&retina=1
 *
 * Sizes are `300` or `250x100`; colours 3 or 6 hex digits with an optional alpha 0..255 after a
 * comma; its default format is PNG. Its fonts map onto bundled faces (docs/grammars.md).
 */
import { quote, StandinError } from '../../errors.js';
import { expandHex, isColour, rgbFromHex } from '../colour.js';
import {
  checkArea,
  fontFromQuery,
  formatFromName,
  parseFont,
  parseRadius,
  parseSize,
  parseTextOverrides,
  pathSegments,
  textFromQuery,
} from '../common.js';
import type { FontName, ImageSpec, Limits, Rgba, Scale } from '../types.js';
import { PLACEHOLD_FONTS } from '../types.js';

export const FAKEIMG_DEFAULTS = {
  background: { r: 0xcc, g: 0xcc, b: 0xcc, a: 255 },
  foreground: { r: 0x90, g: 0x90, b: 0x90, a: 255 },
  font: 'yanone-kaffeesatz' as FontName,
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

/**
 * fakeimg.pl's text size, as its code reads it: `font_size=0` means "fit the text", and a size it
 * cannot read is ignored (it draws the fitted size), not refused.
 */
function fakeimgOverrides(query: URLSearchParams): URLSearchParams {
  const size = query.get('font_size');
  if (size === null) return query;
  const n = Number(size);
  if (size.trim() !== '' && Number.isFinite(n) && n > 0) return query;
  const kept = new URLSearchParams(query);
  kept.delete('font_size');
  return kept;
}

/** placehold.co's own twelve fonts: naming one says nothing about fakeimg.pl. */
const PLACEHOLD_FONT_NAMES: ReadonlySet<string> = new Set(PLACEHOLD_FONTS);

/** A font name only fakeimg.pl uses (`?font=noto-sans` is placehold.co's too). */
function isFakeimgOnlyFont(name: string): boolean {
  return Object.hasOwn(FAKEIMG_FONTS, name) && !PLACEHOLD_FONT_NAMES.has(name);
}

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
  const rgb = rgbFromHex(expandHex(digits));
  let a = 255;
  if (alpha !== undefined) {
    a = Number(alpha);
    if (!/^\d{1,3}$/.test(alpha) || a > 255) {
      throw new StandinError('bad_colour', `${role} alpha must be 0..255, got ${quote(alpha)}`);
    }
  }
  return { ...rgb, a };
}

/**
 * A fakeimg font name, or any font standin bundles. With `lenient` (a URL in fakeimg.pl's own
 * style), anything else is Yanone, as on fakeimg.pl; otherwise it is an error, so that a typo in
 * another grammar's URL is not silently read as fakeimg.pl's.
 */
export function parseFakeimgFont(input: string, lenient: boolean): FontName {
  const name = input.trim().toLowerCase();
  const mapped = Object.hasOwn(FAKEIMG_FONTS, name) ? FAKEIMG_FONTS[name] : undefined;
  if (mapped) return mapped;
  try {
    return parseFont(input);
  } catch (error) {
    if (lenient) return FAKEIMG_DEFAULTS.font;
    throw error;
  }
}

/** fakeimg.pl's optional last segment, an image name: `hello.png`, `hello.webp`. */
const IMAGE_NAME = /^[^/]+\.(png|webp)$/i;

export function parseFakeimg(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  const segments = pathSegments(path);
  // A last segment like `hello.webp` names the file and picks PNG or WebP.
  const last = segments.at(-1);
  const named = segments.length > 1 && last !== undefined ? IMAGE_NAME.exec(last) : null;
  if (named) segments.pop();
  const [sizeSegment = '', bg, fg, ...rest] = segments;
  if (rest.length > 0) {
    throw new StandinError(
      'bad_path',
      `expected /{size}/{background}/{text colour}/, got an extra segment ${quote(rest[0] ?? '')}`,
    );
  }
  const size = parseSize(sizeSegment, limits);
  // fakeimg.pl doubles the pixels whenever `retina` is present, whatever its value.
  const scale: Scale = query.has('retina') ? 2 : size.scale;
  checkArea({ ...size, scale }, limits);
  return {
    width: size.width,
    height: size.height,
    scale,
    format: named?.[1]?.toLowerCase() === 'webp' ? 'webp' : 'png',
    background:
      bg === undefined ? FAKEIMG_DEFAULTS.background : parseFakeimgColour(bg, 'background colour'),
    foreground:
      fg === undefined ? FAKEIMG_DEFAULTS.foreground : parseFakeimgColour(fg, 'text colour'),
    // fakeimg.pl's own default text is "300 x 200", with a plain x.
    text: textFromQuery(query, limits, `${size.width} x ${size.height}`),
    font: fontFromQuery(query, FAKEIMG_DEFAULTS.font, (name) =>
      parseFakeimgFont(name, looksLikeFakeimg(path, query)),
    ),
    ...parseTextOverrides(fakeimgOverrides(query)),
    ...parseRadius(query, size.width, size.height, true),
  };
}

/**
 * Does the path end in a file name (`/300/ff0000/hello.webp`) rather than a size, colour or
 * format with an extension (`/600x400.png`, `/300/orange.png`, `/300/png.png`)?
 */
function endsWithImageName(path: string): boolean {
  const segments = path.split('/').filter((s) => s !== '');
  const last = segments.at(-1) ?? '';
  const match = IMAGE_NAME.exec(last);
  if (!match || segments.length < 2) return false;
  const stem = last.slice(0, last.lastIndexOf('.'));
  return !isColour(stem) && !formatFromName(stem) && !/^\d+(x\d+)?(@\d+x)?$/i.test(stem);
}

/** Does a URL use something only fakeimg.pl's grammar has? */
export function looksLikeFakeimg(path: string, query: URLSearchParams): boolean {
  return (
    (path.endsWith('/') && path.length > 1 && !/\.[a-z]+\/?$/i.test(path)) ||
    endsWithImageName(path) ||
    // a colour with alpha (`ff0000,128`), not a size written with a comma (`/600,400`)
    /^\/[^/]*\/.*,\d/.test(path) ||
    query.has('retina') ||
    isFakeimgOnlyFont(query.get('font')?.toLowerCase() ?? '')
  );
}
