/**
 * Text images: `/text/{format}?text=...` (or `/text@2x/{format}`) draws the text on an image
 * sized to it, for putting an e-mail address or a phone number on a page as a picture.
 *
 *   text      the text (required; `\\n` breaks lines)
 *   font      any bundled face (default lato)
 *   size      font size in CSS pixels, 4..400 (default 32)
 *   fg, bg    colours as in every grammar (default 000, transparent)
 *   padding   CSS pixels around the text, 0..200 (default a quarter of the size)
 *   scale     retina factor 1..3 (or @2x/@3x after "text")
 */
import { quote, StandinError } from '../../errors.js';
import { parseColour } from '../colour.js';
import {
  DEFAULT_FONT,
  formatFromName,
  LINE_HEIGHT_RANGE,
  parseClampedNumber,
  parseFont,
  parseLang,
  parseText,
  pathSegments,
  queryParam,
  unknownFormat,
} from '../common.js';
import type { Limits, Scale, TextImageSpec } from '../types.js';

export const TEXT_SIZE_RANGE = { min: 4, max: 400 } as const;
export const PADDING_RANGE = { min: 0, max: 200 } as const;
export const TEXT_DEFAULTS = {
  fontSize: 32,
  foreground: parseColour('000'),
  background: parseColour('transparent'),
} as const;

function parseScale(input: string | undefined): Scale {
  if (input === undefined || input === '' || input === '1') return 1;
  if (input === '2' || input === '3') return Number(input) as Scale;
  throw new StandinError('bad_scale', `scale must be 1, 2 or 3, got ${quote(input)}`);
}

/** Does this path ask for a text image? */
export function isTextPath(path: string): boolean {
  return /^\/text(@[23]x)?(\/|\.|$)/i.test(path);
}

/**
 * Parse a text-image URL: the path `/text[@2x]/{format}` or `/text.{format}`, options in
 * `query` (for sealed tokens, the query is the opened token).
 */
export function parseTextImage(
  path: string,
  query: URLSearchParams,
  limits: Limits,
): TextImageSpec {
  const [head = '', formatSegment, ...rest] = pathSegments(path);
  const match = /^text(?:@([23])x)?(?:\.(\w+))?$/i.exec(head);
  if (!match || rest.length > 0) {
    throw new StandinError('bad_path', 'a text image URL looks like /text/png?text=Hello');
  }
  const formatName = match[2] ?? formatSegment ?? 'png';
  const format = formatFromName(formatName);
  if (!format) throw unknownFormat(formatName);
  const text = queryParam(query, 'text', 'Text');
  if (text === undefined || text.trim() === '') {
    throw new StandinError('bad_query', 'a text image needs ?text=, the text to draw');
  }
  const scale =
    format === 'svg'
      ? 1
      : match[1]
        ? parseScale(match[1])
        : parseScale(query.get('scale') ?? undefined);
  const fontSize = parseClampedNumber(
    'size',
    query.get('size') ?? query.get('font-size') ?? String(TEXT_DEFAULTS.fontSize),
    TEXT_SIZE_RANGE,
  );
  const padding = query.has('padding')
    ? parseClampedNumber('padding', query.get('padding') ?? '', PADDING_RANGE)
    : Math.round(fontSize / 4);
  const lineHeight = query.get('line-height');
  const lang = query.get('lang');
  const font = query.get('font');
  const fg = queryParam(query, 'fg', 'color');
  const bg = query.get('bg');
  return {
    kind: 'text',
    text: parseText(text, limits),
    font: font === null || font === '' ? DEFAULT_FONT : parseFont(font),
    fontSize,
    padding,
    scale,
    format,
    foreground: fg === undefined ? TEXT_DEFAULTS.foreground : parseColour(fg, 'text colour'),
    background: bg === null ? TEXT_DEFAULTS.background : parseColour(bg, 'background colour'),
    ...(lineHeight === null
      ? {}
      : { lineHeight: parseClampedNumber('line-height', lineHeight, LINE_HEIGHT_RANGE) }),
    ...(lang === null || lang === '' ? {} : { lang: parseLang(lang) }),
  };
}
