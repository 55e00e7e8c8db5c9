/**
 * ui-avatars.com's API: a person's initials on a square, read as its public code reads them
 * (LasseRafn/ui-avatars, src/Input.php, and the initials rule of LasseRafn/php-initials):
 *
 *   /api/?name=John+Doe&size=128&background=0D8ABC&color=fff&length=2&font-size=0.5
 *        &rounded=true&uppercase=true&bold=true&format=svg
 *   /api/{name}/{size}/{background}/{color}/{length}/{font-size}/{rounded}/{uppercase}/{bold}/{format}
 *
 * The path form is for Gravatar's fallback (`d=`), which cannot carry a query; as there, the
 * path is read only when the query names none of the settings. Out-of-range values are put in
 * range, as ui-avatars does (a warning says so), not refused: a broken avatar in a comment list
 * helps nobody. Where ui-avatars answers something no one would want, standin does better, and
 * docs/grammars.md says so: `background=random` is the same colour for the same name every time
 * (so the answer can be cached), initials are whole graphemes (an emoji or a letter with its
 * accent is never cut in half), and the default format is PNG whatever the Accept header.
 */
import { quote, StandinError } from '../../errors.js';
import { parseColour } from '../colour.js';
import { headerSafe, parseText } from '../common.js';
import type { ImageSpec, Limits, Rgba } from '../types.js';

/** The settings, in the order of the path form (width and height are query-only in practice). */
export const AVATAR_PARAMS = [
  'name',
  'size',
  'background',
  'color',
  'length',
  'font-size',
  'rounded',
  'uppercase',
  'bold',
  'format',
  'width',
  'height',
] as const;
type AvatarParam = (typeof AVATAR_PARAMS)[number];

export const AVATAR_DEFAULTS = {
  name: 'John Doe',
  size: 64,
  background: parseColour('ddd'),
  foreground: parseColour('222'),
  length: 2,
  /** Of the side: the documented default. */
  fontSize: 0.5,
} as const;

/** ui-avatars puts sizes in this range rather than refuse them. */
export const AVATAR_SIZE = { min: 16, max: 512 } as const;

/** Is this a ui-avatars URL (`/api/...`)? */
export function isAvatarPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** A path segment as PHP's urldecode reads it: `+` is a space. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/\+/g, ' '));
  } catch {
    throw new StandinError(
      'bad_path',
      `path segment ${quote(segment)} has a broken percent-escape; write a space as + or %20`,
    );
  }
}

/**
 * The settings a URL gives: from the query when it names any of them, else from the path
 * segments after /api/, in order.
 */
function settingsOf(path: string, query: URLSearchParams): Map<AvatarParam, string> {
  const settings = new Map<AvatarParam, string>();
  if (AVATAR_PARAMS.some((name) => query.has(name))) {
    for (const name of AVATAR_PARAMS) {
      const value = query.get(name);
      if (value !== null) settings.set(name, value);
    }
    return settings;
  }
  const segments = path.slice('/api'.length).split('/').slice(1);
  segments.forEach((segment, i) => {
    const name = AVATAR_PARAMS[i];
    if (name !== undefined && segment !== '') settings.set(name, decodeSegment(segment));
  });
  return settings;
}

/** PHP's FILTER_VALIDATE_BOOLEAN: 1, true, on, yes (any case) are true; anything else false. */
export function phpBoolean(value: string | undefined, otherwise: boolean): boolean {
  if (value === undefined) return otherwise;
  return ['1', 'true', 'on', 'yes'].includes(value.trim().toLowerCase());
}

/** PHP's (int) cast: the leading integer of the text, 0 when there is none. */
function phpInt(value: string): number {
  const match = /^\s*[+-]?\d+/.exec(value);
  return match ? Number.parseInt(match[0], 10) : 0;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemesOf = (text: string) => Array.from(graphemes.segment(text), (s) => s.segment);

/**
 * ui-avatars' initials: with one word, its first `length` characters; with several, the first
 * letter of each word up to `length`, the last always from the last word ("John Doe Bergerson"
 * gives JB), taking second letters once every word has given its first. Characters here are
 * graphemes, so "Émile" keeps its accent and a family emoji stays whole.
 */
export function initials(name: string, length: number, uppercase: boolean): string {
  const trimmed = name.trim();
  const source = uppercase ? trimmed.toUpperCase() : trimmed;
  const words = source.split(/\s+/).filter((word) => word !== '');
  if (words.length <= 1) return graphemesOf(source).slice(0, length).join('');
  const letters = words.map(graphemesOf);
  const last = letters.length - 1;
  let out: string[] = [];
  let start = 0;
  for (let i = 0, assigned = 0; i < length; i++, assigned++) {
    const index = (i === length - 1 && i > 0) || i > last ? last : i;
    if (assigned >= letters.length) start++;
    const letter = letters[index]?.[start];
    if (letter !== undefined) out.push(letter);
  }
  out = out.slice(0, length);
  return out.join('');
}

/**
 * `background=random`: a colour picked by the name, so one person keeps one colour on every
 * page and the answer can be cached. Saturated mid-tones from Material Design's palette, each
 * with the text colour (black or white) of higher contrast.
 */
const RANDOM_BACKGROUNDS = [
  'e53935',
  'd81b60',
  '8e24aa',
  '5e35b1',
  '3949ab',
  '1e88e5',
  '039be5',
  '00acc1',
  '00897b',
  '43a047',
  '7cb342',
  'c0ca33',
  'fdd835',
  'ffb300',
  'fb8c00',
  'f4511e',
  '6d4c41',
  '757575',
  '546e7a',
].map((hex) => parseColour(hex));

/** WCAG 2 relative luminance of an opaque colour. */
function luminance({ r, g, b }: Rgba): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** Black or white, whichever has the higher contrast on `background`. */
export function contrastingText(background: Rgba): Rgba {
  const l = luminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  return onWhite >= onBlack ? parseColour('fff') : parseColour('000');
}

/** FNV-1a, 32 bits: a stable hash of the name, the same on every machine. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function randomBackground(name: string): Rgba {
  return (
    RANDOM_BACKGROUNDS[hashName(name) % RANDOM_BACKGROUNDS.length] ?? AVATAR_DEFAULTS.background
  );
}

/** A side: ui-avatars' integer reading, put in 16..512. */
function side(
  name: AvatarParam,
  value: string | undefined,
  otherwise: number,
  warnings: string[],
): number {
  if (value === undefined) return otherwise;
  const asked = phpInt(value);
  const kept = Math.min(AVATAR_SIZE.max, Math.max(AVATAR_SIZE.min, asked));
  if (kept !== asked || String(asked) !== value.trim()) {
    warnings.push(
      `${name}=${headerSafe(value, 12)} drawn as ${kept} (ui-avatars sizes are 16..512)`,
    );
  }
  return kept;
}

/** An avatar colour: hex with or without #, 3, 4, 6 or 8 digits, or a CSS name. */
function colour(value: string, role: string): Rgba {
  try {
    return parseColour(value, role);
  } catch (error) {
    if (!(error instanceof StandinError)) throw error;
    throw new StandinError(
      error.code,
      `${error.message} (a valid ui-avatars.com URL looks like /api/?name=John+Doe&background=0D8ABC&color=fff)`,
    );
  }
}

/** Parse a ui-avatars URL into a spec. Out-of-range settings are put in range, with a warning. */
export function parseAvatar(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  const warnings: string[] = [];
  const settings = settingsOf(path, query);
  const name = parseText(settings.get('name') ?? AVATAR_DEFAULTS.name, limits);
  const size = side('size', settings.get('size'), AVATAR_DEFAULTS.size, warnings);
  const width = side('width', settings.get('width'), size, warnings);
  const height = side('height', settings.get('height'), size, warnings);

  const lengthValue = settings.get('length');
  const length = Math.max(
    1,
    lengthValue === undefined ? AVATAR_DEFAULTS.length : phpInt(lengthValue),
  );

  const fontValue = settings.get('font-size');
  let fontSize = fontValue === undefined ? AVATAR_DEFAULTS.fontSize : Number(fontValue.trim());
  if (!Number.isFinite(fontSize) || fontSize <= 0) fontSize = AVATAR_DEFAULTS.fontSize;
  fontSize = Math.min(1, fontSize);

  const asked = settings.get('background');
  const random = asked?.trim().toLowerCase() === 'random';
  const background = random
    ? randomBackground(name)
    : asked === undefined || asked === ''
      ? AVATAR_DEFAULTS.background
      : colour(asked, 'background');
  const colourValue = settings.get('color');
  let foreground = AVATAR_DEFAULTS.foreground;
  if (random) {
    // As on ui-avatars: a random background brings its own text colour.
    foreground = contrastingText(background);
    if (colourValue !== undefined) warnings.push('color is not used with background=random');
  } else if (colourValue !== undefined && colourValue !== '') {
    foreground = colour(colourValue, 'color');
  }

  const formatValue = settings.get('format')?.trim().toLowerCase();
  const format = formatValue === 'svg' ? 'svg' : 'png';
  if (formatValue !== undefined && formatValue !== 'svg' && formatValue !== 'png') {
    warnings.push(
      `format=${headerSafe(formatValue, 12)} drawn as png (ui-avatars draws png or svg)`,
    );
  }
  const bold = phpBoolean(settings.get('bold'), false);
  const rounded = phpBoolean(settings.get('rounded'), false);
  const shorter = Math.min(width, height);
  return {
    width,
    height,
    scale: 1,
    format,
    background,
    foreground,
    text: initials(name, length, phpBoolean(settings.get('uppercase'), true)),
    font: bold ? 'open-sans-bold' : 'open-sans',
    // The initials are as large as asked, and smaller only if they would not fit.
    maxFontSize: fontSize * shorter,
    // A little room at the edges, so that a glyph's overhang (J's hook) is not cut when the
    // initials are as wide as the picture.
    padding: Math.max(1, shorter * 0.05),
    ...(rounded ? { radius: shorter / 2 } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
