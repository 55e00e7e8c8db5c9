/**
 * dummyimage.com's grammar (Russell Heimlich's original, and the same URLs on its mirrors):
 *
 *   /{size}[/{bg}[/{fg}]][.{format}][&text=...]     size: 600x400, 300, 640x4:3, 16:9x1080, or a name
 *
 * The extension may stand on any segment (`/300.png/09f/fff`); colours have 1, 2, 3 or 6 hex
 * digits (`c` = cccccc, `ef` = efefef); `&text=` may follow the path itself; `|` breaks lines.
 */
import { quote, StandinError } from '../../errors.js';
import { expandHex, rgbFromHex } from '../colour.js';

import {
  checkArea,
  DEFAULT_FONT,
  fontFromQuery,
  formatFromName,
  parseTextOverrides,
  pathSegments,
  textFromQuery,
} from '../common.js';
import type { Format, ImageSpec, Limits, Rgba } from '../types.js';

/** dummyimage.com's named sizes (docs/grammars.md has them as a table). */
export const DUMMYIMAGE_SIZES: Readonly<Record<string, readonly [number, number]>> = {
  // IAB ad units
  mediumrectangle: [300, 250],
  medrect: [300, 250],
  squarepopup: [250, 250],
  sqrpop: [250, 250],
  verticalrectangle: [240, 400],
  vertrec: [240, 400],
  largerectangle: [336, 280],
  lrgrec: [336, 280],
  rectangle: [180, 150],
  rec: [180, 150],
  popunder: [720, 300],
  pop: [720, 300],
  fullbanner: [468, 60],
  fullban: [468, 60],
  halfbanner: [234, 60],
  halfban: [234, 60],
  microbar: [88, 31],
  mibar: [88, 31],
  button1: [120, 90],
  but1: [120, 90],
  button2: [120, 60],
  but2: [120, 60],
  verticalbanner: [120, 240],
  vertban: [120, 240],
  squarebutton: [125, 125],
  sqrbut: [125, 125],
  leaderboard: [728, 90],
  leadbrd: [728, 90],
  wideskyscraper: [160, 600],
  wiskyscrpr: [160, 600],
  skyscraper: [120, 600],
  skyscrpr: [120, 600],
  halfpage: [300, 600],
  hpge: [300, 600],
  // screens
  cga: [320, 200],
  qvga: [320, 240],
  vga: [640, 480],
  wvga: [800, 480],
  svga: [800, 600],
  wsvga: [1024, 600],
  xga: [1024, 768],
  wxga: [1280, 800],
  sxga: [1280, 1024],
  wsxga: [1440, 900],
  uxga: [1600, 1200],
  wuxga: [1920, 1200],
  qxga: [2048, 1536],
  wqxga: [2560, 1600],
  qsxga: [2560, 2048],
  wqsxga: [3200, 2048],
  quxga: [3200, 2400],
  wquxga: [3840, 2400],
  // video
  ntsc: [720, 480],
  pal: [768, 576],
  hd720: [1280, 720],
  '720p': [1280, 720],
  hd1080: [1920, 1080],
  '1080p': [1920, 1080],
  '2k': [2560, 1440],
  '4k': [3840, 2160],
};

export const DUMMYIMAGE_DEFAULTS = {
  background: { r: 0xcc, g: 0xcc, b: 0xcc, a: 255 },
  foreground: { r: 0, g: 0, b: 0, a: 255 },
  format: 'png' as Format,
} as const;

const DUMMY_FORMATS = new Set<Format>(['png', 'gif', 'jpeg', 'webp']);

/**
 * dummyimage colours, as its code reads them: 1 digit repeats six times, 2 digits three times,
 * 3 digits double; 4 and 5 digits are read as pairs from the left, the missing blue as 0
 * (`12345` is #123405: code that picks a random number writes such colours); 6 as they are.
 * Anything but hex digits is refused (its code would draw black).
 */
export function parseDummyColour(input: string, role: string): Rgba {
  const digits = input.replace(/^#/, '');
  if (!/^[0-9a-f]{1,6}$/i.test(digits)) {
    throw new StandinError(
      'bad_colour',
      `${role} must be 1 to 6 hex digits (like c, ef, 09f or ff8800), got ${quote(input)}`,
    );
  }
  if (digits.length <= 3 || digits.length === 6) return rgbFromHex(expandHex(digits));
  const pair = (i: number) => Number.parseInt(digits.slice(i, i + 2) || '0', 16);
  return { r: pair(0), g: pair(2), b: pair(4), a: 255 };
}

/** One side as dummyimage's code reads it: every character but digits, `:` and `.` dropped. */
function side(text: string): string {
  return text.replace(/[^\d:.]/g, '');
}

/** `a:b` applied to the other side, as dummyimage does (an empty half copies the other). */
function ratio(text: string, other: number, otherIsWidth: boolean): number {
  const [x = '', y = ''] = text.split(':');
  const a = Math.abs(Number.parseFloat(x || y));
  const b = Math.abs(Number.parseFloat(y || x));
  if (!(a > 0 && b > 0)) {
    throw new StandinError('bad_size', `a ratio must look like 4:3, got ${quote(text)}`);
  }
  // 640x4:3 → the height is 640 × 3/4; 16:9x1080 → the width is 1080 × 16/9.
  return otherIsWidth ? (other * b) / a : (other * a) / b;
}

/**
 * Parse a dummyimage size as its code does: `600x400`, `300` (a square), `640x4:3`,
 * `16:9x1080`, a named size, and the forms code writes: decimals (`221.6x221.6`), a unit
 * (`300px`), an empty height (`100x`, a square). Sides are cut to whole pixels, as GD does
 * (`641x4:3` is 641x480). The text it draws by default keeps the sides as asked (`221.6`).
 */
export function parseDummySize(
  segment: string,
  limits: Limits,
): { width: number; height: number; label: string } {
  const name = segment.toLowerCase();
  // Own names only: `constructor` or `__proto__` in a URL must not reach Object.prototype.
  const named = Object.hasOwn(DUMMYIMAGE_SIZES, name) ? DUMMYIMAGE_SIZES[name] : undefined;
  let w: number;
  let h: number;
  if (named) {
    [w, h] = named;
  } else {
    if (!/^[\d.:]+(?:px)?(?:x(?:[\d.:]+(?:px)?)?)?$/i.test(segment) || /:.*:/.test(segment)) {
      throw new StandinError(
        'bad_size',
        `the size must look like 600x400, 300, 640x4:3, 16:9x1080 or a name such as mediumrectangle, got ${quote(segment)}`,
      );
    }
    const [first = '', second = ''] = name.split('x');
    const width = side(first);
    const height = second === '' ? width : side(second);
    if (width.includes(':') && height === width) {
      throw new StandinError(
        'bad_size',
        'a ratio needs a number on the other side, like 16:9x1080',
      );
    }
    if (height.includes(':')) {
      w = Math.abs(Number.parseFloat(width));
      h = ratio(height, w, true);
    } else if (width.includes(':')) {
      h = Math.abs(Number.parseFloat(height));
      w = ratio(width, h, false);
    } else {
      w = Math.abs(Number.parseFloat(width));
      h = Math.abs(Number.parseFloat(height));
    }
  }
  const round3 = (v: number) => Math.round(v * 1000) / 1000;
  const label = `${round3(w)} × ${round3(h)}`;
  const width = Math.trunc(w);
  const height = Math.trunc(h);
  for (const [side, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!(value >= 1 && value <= limits.maxSide)) {
      throw new StandinError(
        'size_out_of_range',
        `${side} must be between 1 and ${limits.maxSide}, got ${String(value).slice(0, 12)}`,
      );
    }
  }
  return { width, height, label };
}

/** The format names dummyimage's code looks for anywhere in the path; PNG otherwise. */
const FORMAT_MARK = /\.(webp|gif|jpg|jpeg)/;
/** A segment that is only a format name (`/720p/png`): a format, not a colour. */
const FORMAT_SEGMENT = /^(png|gif|jpe?g|webp)$/i;

/**
 * Parse a dummyimage.com URL as its code (../shared/peers/dummyimage/code.php) reads it.
 * `path` is the raw path, which may carry `&text=...` (or `%26text=`, which dummyimage.com's
 * front server decodes) after it. The format is the first `.webp`, `.gif`, `.jpg` or `.jpeg`
 * anywhere in the path, PNG otherwise; segments after the text colour are ignored. `own`: this
 * is the deployment's grammar (STANDIN_GRAMMAR=dummyimage), so an extension it does not know
 * is PNG, as on dummyimage.com; otherwise it is refused, as a misspelled format.
 */
export function parseDummyimage(
  rawPath: string,
  query: URLSearchParams,
  limits: Limits,
  own = false,
): ImageSpec {
  const decoded = rawPath.replace(/%26/gi, '&').replace(/%23/g, '#');
  const amp = decoded.indexOf('&');
  const path = amp < 0 ? decoded : decoded.slice(0, amp);
  const params = new URLSearchParams(amp < 0 ? '' : decoded.slice(amp + 1));
  for (const [key, value] of query) params.append(key, value);

  const lower = path.toLowerCase();
  let format: Format | undefined = formatFromName(FORMAT_MARK.exec(lower)?.[1] ?? '');
  const pieces = pathSegments(path).filter((segment) => segment !== '');
  const stems = pieces.map((segment) => {
    // An extension starts with a letter: `221.6x221.6` is a size with decimals.
    const dot = segment.search(/\.[a-z][a-z0-9]*$/i);
    if (dot < 0) return segment;
    const ext = segment.slice(dot + 1);
    const known = formatFromName(ext);
    if (!own && (!known || !DUMMY_FORMATS.has(known))) {
      throw new StandinError(
        'unknown_format',
        `format must be one of png, gif, jpg, jpeg, webp, got ${quote(ext)}`,
      );
    }
    return segment.slice(0, dot);
  });
  const [sizeSegment = '', ...colours] = stems;
  // A bare format name where a colour would be (`/720p/png`): dummyimage would draw it black.
  const last = colours.at(-1);
  if (last !== undefined && FORMAT_SEGMENT.test(last) && colours.length <= 2) {
    const named = formatFromName(last);
    if (format && named && format !== named) {
      throw new StandinError(
        'conflicting_format',
        `the URL asks for two formats, ${named} and ${format}: keep one`,
      );
    }
    format ??= named;
    colours.pop();
  }
  const [bg, fg] = colours;
  const size = parseDummySize(sizeSegment, limits);
  checkArea({ ...size, scale: 1 }, limits);
  return {
    width: size.width,
    height: size.height,
    scale: 1,
    format: format ?? DUMMYIMAGE_DEFAULTS.format,
    background:
      bg === undefined || bg === ''
        ? DUMMYIMAGE_DEFAULTS.background
        : parseDummyColour(bg, 'background colour'),
    foreground:
      fg === undefined || fg === ''
        ? DUMMYIMAGE_DEFAULTS.foreground
        : parseDummyColour(fg, 'text colour'),
    // dummyimage.com breaks lines at `|`.
    text: textFromQuery(params, limits, size.label, (text) => text.replaceAll('|', '\n')),
    font: fontFromQuery(params, DEFAULT_FONT),
    ...parseTextOverrides(params),
  };
}

/** Does a URL use something only dummyimage.com's grammar has? (For the error it gets.) */
export function looksLikeDummyimage(rawPath: string): boolean {
  const first = rawPath.split('/').find((s) => s !== '') ?? '';
  return (
    rawPath.includes('&') ||
    /:/.test(first) ||
    Object.hasOwn(DUMMYIMAGE_SIZES, first.toLowerCase().replace(/\..*$/, '')) ||
    /\.[a-z]+\//i.test(rawPath)
  );
}
