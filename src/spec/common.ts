/**
 * The pieces every URL grammar shares: path segments, sizes, formats, text, fonts, numbers.
 * Pure: knows nothing of HTTP or pixels. Every rejection is a StandinError whose message says
 * what to change.
 */
import { accepts, quote, StandinError } from '../errors.js';
import { parseColour } from './colour.js';
import { didYouMean, nearest } from './suggest.js';
import {
  type Corners,
  FONTS,
  type FontName,
  type Format,
  type ImageSpec,
  type Limits,
  type Scale,
} from './types.js';

/** placehold.co's defaults, standin's own: a grey SVG in Lato. */
export const DEFAULTS = {
  background: parseColour('dddddd'),
  foreground: parseColour('999999'),
  font: 'lato' as FontName,
  format: 'svg' as Format,
} as const;
export const DEFAULT_FONT: FontName = DEFAULTS.font;

/** Every spelling of a format a URL may use. */
const FORMAT_NAMES: Readonly<Record<string, Format>> = {
  svg: 'svg',
  png: 'png',
  jpeg: 'jpeg',
  jpg: 'jpeg',
  gif: 'gif',
  webp: 'webp',
  avif: 'avif',
};
const FORMAT_LIST = 'svg, png, jpeg, jpg, gif, webp, avif';

/** Parse a format name (case-insensitive), or undefined if it is none. */
export function formatFromName(name: string): Format | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(FORMAT_NAMES, key) ? FORMAT_NAMES[key] : undefined;
}

/** The refusal of a format name, listing the ones there are. */
export function unknownFormat(name: string): StandinError {
  return new StandinError(
    'unknown_format',
    `format must be one of ${FORMAT_LIST}, got ${quote(name)}${didYouMean(name, Object.keys(FORMAT_NAMES))}`,
  );
}

/** Split a raw URL path into decoded, non-empty segments. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      throw new StandinError('bad_path', `the path has broken percent-encoding in ${quote(raw)}`);
    }
  }
  return segments;
}

/** Split `name.ext` into its parts when the extension is a format; unknown extensions are errors. */
export function splitExtension(segment: string): { stem: string; format?: Format } {
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return { stem: segment };
  const extension = segment.slice(dot + 1);
  const format = formatFromName(extension);
  if (!format) throw unknownFormat(extension);
  return { stem: segment.slice(0, dot), format };
}

export interface Size {
  readonly width: number;
  readonly height: number;
  readonly scale: Scale;
}

const SIZE = /^(\d+)(?:x(\d+))?(?:@(\d+)x)?$/i;

function checkSide(name: string, digits: string, limits: Limits): number {
  const value = Number(digits);
  if (!(value >= 1 && value <= limits.maxSide)) {
    throw new StandinError(
      'size_out_of_range',
      `${name} must be between 1 and ${limits.maxSide}, got ${digits.length > 12 ? `${digits.slice(0, 12)}…` : digits}`,
    );
  }
  return value;
}

/** Parse `600x400`, `400` (square) with an optional `@2x` or `@3x`. */
export function parseSize(segment: string, limits: Limits): Size {
  const match = SIZE.exec(segment);
  if (!match) {
    throw new StandinError(
      'bad_size',
      `the size must look like 600x400 or 400 (optionally with @2x or @3x), got ${quote(segment)}`,
    );
  }
  const [, w = '', h, s] = match;
  const width = checkSide('width', w, limits);
  const height = h === undefined ? width : checkSide('height', h, limits);
  let scale: Scale = 1;
  if (s !== undefined) {
    const factor = Number(s);
    if (factor !== 1 && factor !== 2 && factor !== 3) {
      throw new StandinError(
        'bad_scale',
        `retina scale must be @2x or @3x, got @${s.slice(0, 6)}x`,
      );
    }
    scale = factor;
  }
  return { width, height, scale };
}

/** Reject sizes whose output would exceed the pixel budget, before anything is allocated. */
export function checkArea(size: Size, limits: Limits): void {
  const pixels = size.width * size.height * size.scale * size.scale;
  if (pixels > limits.maxPixels) {
    const asked = `${size.width}x${size.height}${size.scale > 1 ? `@${size.scale}x` : ''}`;
    throw new StandinError(
      'area_too_large',
      `${asked} is ${pixels} output pixels; the limit is ${limits.maxPixels}: ask for a smaller size or retina scale`,
    );
  }
}

/** The widest or tallest picture each raster format can hold (VP8L stores sides in 14 bits). */
const MAX_FORMAT_SIDE: Partial<Record<Format, number>> = { webp: 16384 };

/**
 * Reject a size its format cannot hold (only reachable when STANDIN_MAX_SIDE is raised: 10000
 * at @2x is 20000 pixels, more than a WebP side), before anything is drawn.
 */
export function checkFormatSides(
  spec: Pick<ImageSpec, 'width' | 'height' | 'scale' | 'format'>,
): void {
  const max = MAX_FORMAT_SIDE[spec.format];
  if (max === undefined) return;
  const width = spec.width * spec.scale;
  const height = spec.height * spec.scale;
  if (width > max || height > max) {
    throw new StandinError(
      'area_too_large',
      `${spec.format.toUpperCase()} is at most ${max} pixels a side, and ${width}x${height} is more: ask for a smaller size or retina scale, or another format`,
    );
  }
}

/** Normalise a font name: `Open Sans`, `open_sans` and `OPEN-SANS` all mean `open-sans`. */
export function parseFont(input: string): FontName {
  const name = input
    .trim()
    .toLowerCase()
    .replace(/[\s_+]+/g, '-');
  const found = FONTS.find((font) => font === name);
  if (!found) {
    throw new StandinError(
      'unknown_font',
      `font must be one of ${FONTS.join(', ')}, got ${quote(input)}${didYouMean(name, FONTS)}`,
    );
  }
  return found;
}

// C0 and C1 control characters other than the newline, which breaks lines.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Turn the `text` parameter into the text to draw: a literal `\n` (backslash, n) and real
 * newlines break lines, tabs become spaces, other control characters are dropped.
 */
export function parseText(input: string, limits: Limits): string {
  const text = input
    .replace(/\r\n?/g, '\n')
    .replaceAll('\\n', '\n')
    .replaceAll('\t', ' ')
    .replace(CONTROL, '');
  let length = 0;
  for (const _ of text) length++;
  if (length > limits.maxTextLength) {
    throw new StandinError(
      'text_too_long',
      `text must be at most ${limits.maxTextLength} characters, got ${length}`,
    );
  }
  return text;
}

/** Bounds that `font-size` and `line-height` are clamped to. */
export const FONT_SIZE_RANGE = { min: 1, max: 1000 } as const;
export const LINE_HEIGHT_RANGE = { min: 0.5, max: 3 } as const;
export const RADIUS_RANGE = { min: 0, max: 2000 } as const;

/** fakeimg.pl's radius of one corner, in CSS order. */
export const CORNER_PARAMS = ['radius_tl', 'radius_tr', 'radius_br', 'radius_bl'] as const;

/**
 * `?radius=N`: rounded corners (fakeimg.pl's parameter, for e-mail templates; placehold.co URLs
 * take it too), at most half the shorter side. 0 or absent: square corners. With `corners`
 * (fakeimg.pl's URLs), `radius_tl`, `radius_tr`, `radius_br` and `radius_bl` give one corner
 * each; when any is present they decide, and a corner not named is square, as in fakeimg.pl's
 * code.
 */
export function parseRadius(
  query: URLSearchParams,
  width: number,
  height: number,
  corners = false,
): { radius?: number | Corners } {
  const most = Math.min(width, height) / 2;
  const read = (name: string, raw: string) =>
    Math.min(parseClampedNumber(name, raw, RADIUS_RANGE), most);
  if (corners && CORNER_PARAMS.some((name) => query.has(name))) {
    const [tl, tr, br, bl] = CORNER_PARAMS.map((name) => {
      const raw = query.get(name);
      return raw === null || raw === '' ? 0 : read(name, raw);
    });
    const radii: Corners = [tl ?? 0, tr ?? 0, br ?? 0, bl ?? 0];
    return radii.some((r) => r > 0) ? { radius: radii } : {};
  }
  const raw = query.get('radius');
  if (raw === null || raw === '') return {};
  const radius = read('radius', raw);
  return radius > 0 ? { radius } : {};
}

/**
 * Read a number parameter and clamp it to a range; a value that is not a number is an error
 * (a typo should not silently fall back to the default).
 */
export function parseClampedNumber(
  name: string,
  input: string,
  range: { readonly min: number; readonly max: number },
): number {
  const value = Number(input.trim().replace(/px$/i, ''));
  if (input.trim() === '' || !Number.isFinite(value)) {
    throw new StandinError('bad_query', `${name} must be a number, got ${quote(input)}`);
  }
  return Math.min(range.max, Math.max(range.min, value));
}

/** The first of several spellings of a query parameter that is present. */
export function queryParam(query: URLSearchParams, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = query.get(name);
    if (value !== null) return value;
  }
  return undefined;
}

/**
 * The text a query asks for, as every grammar reads it: `text` (or `Text`, as old
 * placehold.it code spells it), `rewrite` applied, checked; `otherwise` when there is none.
 */
export function textFromQuery(
  query: URLSearchParams,
  limits: Limits,
  otherwise: string,
  rewrite: (text: string) => string = (text) => text,
): string {
  const text = queryParam(query, 'text', 'Text');
  return text === undefined ? otherwise : parseText(rewrite(text), limits);
}

/** The font a query asks for (`font`; empty or absent: `otherwise`), read by `read`. */
export function fontFromQuery(
  query: URLSearchParams,
  otherwise: FontName,
  read: (name: string) => FontName = parseFont,
): FontName {
  const font = query.get('font');
  if (font === null || font === '') return otherwise;
  try {
    return read(font);
  } catch (error) {
    // An unknown font draws in the default face (the warning says so): a placeholder with the
    // wrong face beats a broken image.
    if (error instanceof StandinError && error.code === 'unknown_font') return otherwise;
    throw error;
  }
}

/** Query parameters every grammar reads (besides its own). */
export const COMMON_PARAMS: readonly string[] = [
  'text',
  'Text',
  'font',
  'font-size',
  'font_size',
  'fontsize',
  'line-height',
  'line_height',
  'lang',
  'sig',
];

/** A name or value from a URL, made safe and short for a response header. */
export function headerSafe(value: string, max = 24): string {
  // Letters, digits and a few marks only: no quotes, markup or control characters.
  const clean = value.replace(/[^A-Za-z0-9._ -]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

/**
 * What a query asked for that a grammar did not use: parameters it does not read, and a font it
 * does not know (drawn in `drawnIn`). Names and short values only, never the text.
 */
export function queryWarnings(
  query: URLSearchParams,
  known: readonly string[],
  drawnIn: FontName,
  isKnownFont: (name: string) => boolean = isFont,
): string[] {
  const warnings: string[] = [];
  const unused = [...new Set(query.keys())].filter((key) => !known.includes(key));
  if (unused.length > 0) {
    warnings.push(`unused query parameter ${unused.map((k) => `"${headerSafe(k)}"`).join(', ')}`);
  }
  const font = query.get('font');
  if (font && known.includes('font') && !isKnownFont(font)) {
    const guess = nearest(font.replace(/[\s_+]+/g, '-'), FONTS);
    warnings.push(
      `unknown font "${headerSafe(font)}", drawn in ${drawnIn}${guess ? ` (did you mean ${guess}?)` : ''}`,
    );
  }
  return warnings;
}

/** Is `name` a font standin bundles (in any accepted spelling)? */
export function isFont(name: string): boolean {
  return accepts(() => parseFont(name));
}

const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A BCP 47 language tag such as `ja`, `zh-Hant` or `zh-TW`. */
export function parseLang(input: string): string {
  if (input.length > 35 || !LANG.test(input)) {
    throw new StandinError(
      'bad_query',
      `lang must be a language tag like ja, ko, zh-Hans or zh-Hant, got ${quote(input)}`,
    );
  }
  return input;
}

/**
 * Optional text overrides shared by every grammar: `font-size`/`font_size`, `line-height`,
 * `lang`.
 */
export function parseTextOverrides(query: URLSearchParams): {
  fontSize?: number;
  lineHeight?: number;
  lang?: string;
} {
  const lang = query.get('lang');
  const size = queryParam(query, 'font-size', 'font_size', 'fontsize');
  const height = queryParam(query, 'line-height', 'line_height');
  return {
    ...(size === undefined
      ? {}
      : { fontSize: parseClampedNumber('font-size', size, FONT_SIZE_RANGE) }),
    ...(height === undefined
      ? {}
      : { lineHeight: parseClampedNumber('line-height', height, LINE_HEIGHT_RANGE) }),
    ...(lang === null || lang === '' ? {} : { lang: parseLang(lang) }),
  };
}

/** The text placehold.co draws when none is given: the size before retina scaling. */
export function defaultText(width: number, height: number): string {
  return `${width} × ${height}`;
}
