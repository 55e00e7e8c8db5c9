/**
 * Writes test/data/real-urls-expected.json: for every placehold.co, placehold.it,
 * via.placeholder.com and fakeimg.pl URL of bench/real-urls.json (found in public code), what
 * that service answers (status, format, output size, the colour of the top-left pixel), read by
 * a small reference reader written from the service's own documentation, each rule with its
 * source. The readers here are deliberately separate from src/spec (a second, plainer reading of
 * the same documents), so the test that holds standin to this file is a comparison, not a copy.
 * dummyimage.com's URLs have their own file, answered by its real code
 * (scripts/peer-expectations.ts).
 *
 *   npx tsx scripts/real-url-expectations.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cssColours from 'color-name';

const root = fileURLToPath(new URL('..', import.meta.url));
const { urls } = JSON.parse(readFileSync(`${root}bench/real-urls.json`, 'utf8')) as {
  urls: { host: string; path: string }[];
};

interface Expected {
  readonly status: number;
  readonly format?: string;
  readonly width?: number;
  readonly height?: number;
  /** rrggbb, or rrggbbaa when not opaque. */
  readonly corner?: string;
}

/** Where each reading comes from. */
const SOURCES = {
  placehold:
    'placehold.co documentation (placehold.co, sections Size, Format, Colors, Retina, Text): /{w}x{h} or /{w}, @2x/@3x, format by segment or extension (SVG by default), colours hex or CSS names after the size, defaults #DDDDDD on #999999, at most 4000 a side',
  placeholdIt:
    'placehold.it now answers as placehold.co (the same service, renamed), so its URLs are read by the placehold.co documentation',
  via: 'via.placeholder.com documentation (archived): /{size}/{background}/{text colour}.{gif|jpeg|jpg|png}?text=, size W or WxH, PNG by default, #CCCCCC background, #969696 text',
  fakeimg:
    'fakeimg.pl README and routes: /{w}[x{h}]/[{bg}[,{alpha}]/[{fg}[,{alpha}]/]]?text=&font=&font_size=&retina=1, PNG, #CCCCCC background, #909090 text, retina doubles the pixels',
} as const;

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** A colour as the documentation describes it: 3 or 6 hex digits (4 or 8 with alpha), or a CSS name. */
function colour(input: string, names: boolean): string | undefined {
  const value = decodeURIComponent(input).replace(/^#/, '').toLowerCase();
  if (/^[0-9a-f]{3,4}$/.test(value)) return [...value].map((c) => c + c).join('');
  if (/^[0-9a-f]{6}$|^[0-9a-f]{8}$/.test(value)) return value;
  if (names && Object.hasOwn(cssColours, value)) {
    const rgb: readonly number[] | undefined = cssColours[value as keyof typeof cssColours];
    return rgb?.map(hex2).join('');
  }
  return undefined;
}

const FORMATS: Record<string, string> = {
  svg: 'svg',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  gif: 'gif',
  webp: 'webp',
  avif: 'avif',
};

function size(text: string): { w: number; h: number } | undefined {
  const m = /^(\d+)(?:x(\d+))?$/i.exec(text);
  if (!m) return undefined;
  const w = Number(m[1]);
  const h = m[2] === undefined ? w : Number(m[2]);
  return w >= 1 && h >= 1 && w <= 4000 && h <= 4000 ? { w, h } : undefined;
}

const refused: Expected = { status: 400 };

/** placehold.co as its documentation reads. */
function placehold(path: string): Expected {
  const segments = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  let format = 'svg';
  const last = segments.at(-1) ?? '';
  const dot = /^(.*)\.([a-z]+)$/i.exec(last);
  if (dot && FORMATS[dot[2]?.toLowerCase() ?? '']) {
    format = FORMATS[dot[2]?.toLowerCase() ?? ''] ?? format;
    segments[segments.length - 1] = dot[1] ?? '';
  } else if (segments.length > 1 && FORMATS[last.toLowerCase()]) {
    format = FORMATS[last.toLowerCase()] ?? format;
    segments.pop();
  }
  const [first = '', bg, fg, ...rest] = segments;
  if (rest.length > 0) return refused;
  const retina = /^(.*)@([23])x$/.exec(first);
  const dims = size(retina ? (retina[1] ?? '') : first);
  if (!dims) return refused;
  const scale = retina && format !== 'svg' ? Number(retina[2]) : 1;
  const background = bg === undefined ? 'dddddd' : colour(bg, true);
  if (!background || (fg !== undefined && !colour(fg, true))) return refused;
  return {
    status: 200,
    format,
    width: dims.w * scale,
    height: dims.h * scale,
    corner: background,
  };
}

/** via.placeholder.com as its documentation read. */
function via(path: string): Expected {
  const segments = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  let format = 'png';
  const last = segments.at(-1) ?? '';
  const dot = /^(.*)\.(gif|jpeg|jpg|png)$/i.exec(last);
  if (dot) {
    format = FORMATS[dot[2]?.toLowerCase() ?? ''] ?? format;
    segments[segments.length - 1] = dot[1] ?? '';
  }
  const [first = '', bg, fg, ...rest] = segments;
  const dims = size(first);
  if (!dims || rest.length > 0) return refused;
  const background = bg === undefined ? 'cccccc' : colour(bg, false);
  if (!background || (fg !== undefined && !colour(fg, false))) return refused;
  return { status: 200, format, width: dims.w, height: dims.h, corner: background };
}

/** fakeimg.pl as its README and routes read. */
function fakeimg(path: string): Expected {
  const [pathPart = '', query = ''] = path.split('?');
  const segments = pathPart.split('/').filter(Boolean);
  let format = 'png';
  const last = segments.at(-1) ?? '';
  if (segments.length > 1 && /\.(png|webp)$/i.test(last)) {
    format = last.toLowerCase().endsWith('.webp') ? 'webp' : 'png';
    segments.pop();
  }
  const [first = '', bg, fg, ...rest] = segments;
  const dims = size(first);
  if (!dims || rest.length > 0) return refused;
  const withAlpha = (input: string | undefined, otherwise: string) => {
    if (input === undefined) return otherwise;
    const [hex = '', alpha] = input.split(',');
    const rgb = /^[0-9a-f]{3}$|^[0-9a-f]{6}$/i.test(hex) ? colour(hex, false) : undefined;
    if (!rgb) return undefined;
    if (alpha === undefined) return rgb;
    const a = Number(alpha);
    return /^\d{1,3}$/.test(alpha) && a <= 255 ? (a === 255 ? rgb : rgb + hex2(a)) : undefined;
  };
  const background = withAlpha(bg, 'cccccc');
  if (!background || withAlpha(fg, '909090') === undefined) return refused;
  const scale = new URLSearchParams(query).has('retina') ? 2 : 1;
  return {
    status: 200,
    format,
    width: dims.w * scale,
    height: dims.h * scale,
    corner: background,
  };
}

const READERS: Record<
  string,
  { read: (path: string) => Expected; source: string; grammar: string }
> = {
  'placehold.co': { read: placehold, source: SOURCES.placehold, grammar: 'placehold' },
  'placehold.it': { read: placehold, source: SOURCES.placeholdIt, grammar: 'placehold' },
  'via.placeholder.com': { read: via, source: SOURCES.via, grammar: 'via' },
  'fakeimg.pl': { read: fakeimg, source: SOURCES.fakeimg, grammar: 'fakeimg' },
};

const rows = urls.flatMap(({ host, path }) => {
  const reader = READERS[host];
  if (!reader) return [];
  return [{ host, path, grammar: reader.grammar, expected: reader.read(path) }];
});

writeFileSync(
  `${root}test/data/real-urls-expected.json`,
  `${JSON.stringify(
    {
      about:
        'What each service answers for URLs found in public code (bench/real-urls.json), read from its documentation by scripts/real-url-expectations.ts; grammar is the STANDIN_GRAMMAR a deployment replacing that host sets (STANDIN_GRAMMAR_BY_HOST).',
      sources: Object.fromEntries(Object.entries(READERS).map(([host, r]) => [host, r.source])),
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${rows.length} rows to test/data/real-urls-expected.json`);
