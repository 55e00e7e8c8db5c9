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
  defaultText,
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

/** dummyimage colours: 1 digit repeats six times, 2 digits three times, 3 digits double. */
export function parseDummyColour(input: string, role: string): Rgba {
  const digits = input.replace(/^#/, '');
  if (!/^[0-9a-f]+$/i.test(digits) || ![1, 2, 3, 6].includes(digits.length)) {
    throw new StandinError(
      'bad_colour',
      `${role} must be 1, 2, 3 or 6 hex digits (like c, ef, 09f or ff8800), got ${quote(input)}`,
    );
  }
  return rgbFromHex(expandHex(digits));
}

function ratioSide(ratio: string, other: number, otherIsWidth: boolean): number {
  const [a, b] = ratio.split(':').map(Number);
  if (!a || !b)
    throw new StandinError('bad_size', `a ratio must look like 4:3, got ${quote(ratio)}`);
  // 640x4:3 → the height is 640 × 3/4; 16:9x1080 → the width is 1080 × 16/9.
  return Math.round(otherIsWidth ? (other * b) / a : (other * a) / b);
}

/** Parse a dummyimage size: `600x400`, `300`, `640x4:3`, `16:9x1080` or a named size. */
export function parseDummySize(segment: string, limits: Limits): { width: number; height: number } {
  const name = segment.toLowerCase();
  // Own names only: `constructor` or `__proto__` in a URL must not reach Object.prototype.
  const named = Object.hasOwn(DUMMYIMAGE_SIZES, name) ? DUMMYIMAGE_SIZES[name] : undefined;
  let width: number;
  let height: number;
  if (named) {
    [width, height] = named;
  } else {
    const match = /^(\d+|\d+:\d+)(?:x(\d+|\d+:\d+))?$/i.exec(segment);
    if (!match) {
      throw new StandinError(
        'bad_size',
        `the size must look like 600x400, 300, 640x4:3, 16:9x1080 or a name such as mediumrectangle, got ${quote(segment)}`,
      );
    }
    const [, w = '', h] = match;
    const wRatio = w.includes(':');
    const hRatio = h?.includes(':') ?? false;
    if (wRatio && (h === undefined || hRatio)) {
      throw new StandinError(
        'bad_size',
        `a ratio needs a number on the other side, like 16:9x1080`,
      );
    }
    if (h === undefined) {
      width = Number(w);
      height = width;
    } else if (hRatio) {
      width = Number(w);
      height = ratioSide(h, width, true);
    } else if (wRatio) {
      height = Number(h);
      width = ratioSide(w, height, false);
    } else {
      width = Number(w);
      height = Number(h);
    }
  }
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!(value >= 1 && value <= limits.maxSide)) {
      throw new StandinError(
        'size_out_of_range',
        `${name} must be between 1 and ${limits.maxSide}, got ${String(value).slice(0, 12)}`,
      );
    }
  }
  return { width, height };
}

/**
 * Parse a dummyimage.com URL. `path` is the raw path, which may carry `&text=...` after it.
 */
export function parseDummyimage(
  rawPath: string,
  query: URLSearchParams,
  limits: Limits,
): ImageSpec {
  const amp = rawPath.indexOf('&');
  const path = amp < 0 ? rawPath : rawPath.slice(0, amp);
  const params = new URLSearchParams(amp < 0 ? '' : rawPath.slice(amp + 1));
  for (const [key, value] of query) params.append(key, value);

  let format: Format | undefined;
  const segments = pathSegments(path).map((segment) => {
    const dot = segment.lastIndexOf('.');
    if (dot < 0) return segment;
    const ext = formatFromName(segment.slice(dot + 1));
    if (!ext || !DUMMY_FORMATS.has(ext)) {
      throw new StandinError(
        'unknown_format',
        `format must be one of png, gif, jpg, jpeg, webp, got ${quote(segment.slice(dot + 1))}`,
      );
    }
    if (format && format !== ext) {
      throw new StandinError(
        'conflicting_format',
        `the URL asks for two formats, ${format} and ${ext}: keep one`,
      );
    }
    format = ext;
    return segment.slice(0, dot);
  });
  const [sizeSegment = '', bg, fg, ...rest] = segments.filter((s) => s !== '');
  if (rest.length > 0) {
    throw new StandinError(
      'bad_path',
      `expected /{size}/{background}/{text colour}, got an extra segment ${quote(rest[0] ?? '')}`,
    );
  }
  const size = parseDummySize(sizeSegment, limits);
  checkArea({ ...size, scale: 1 }, limits);
  return {
    width: size.width,
    height: size.height,
    scale: 1,
    format: format ?? DUMMYIMAGE_DEFAULTS.format,
    background:
      bg === undefined ? DUMMYIMAGE_DEFAULTS.background : parseDummyColour(bg, 'background colour'),
    foreground:
      fg === undefined ? DUMMYIMAGE_DEFAULTS.foreground : parseDummyColour(fg, 'text colour'),
    // dummyimage.com breaks lines at `|`.
    text: textFromQuery(params, limits, defaultText(size.width, size.height), (text) =>
      text.replaceAll('|', '\n'),
    ),
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
