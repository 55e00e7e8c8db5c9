import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Limits } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { parse as parseUrl } from '../../src/index.js';
import { specKey } from '../../src/spec/canonical.js';
import { colourToHex } from '../../src/spec/colour.js';
import type { ImageSpec } from '../../src/spec/types.js';

const parse = (url: string, limits: Limits = DEFAULT_LIMITS): ImageSpec =>
  parseUrl(url, { limits });

function errorCode(url: string, limits: Limits = DEFAULT_LIMITS): string {
  try {
    parse(url, limits);
  } catch (error) {
    if (error instanceof StandinError) return error.code;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

const grey = { r: 0xdd, g: 0xdd, b: 0xdd, a: 255 };
const darkGrey = { r: 0x99, g: 0x99, b: 0x99, a: 255 };
const black = { r: 0, g: 0, b: 0, a: 255 };
const white = { r: 255, g: 255, b: 255, a: 255 };

describe('parseRequest: the placehold.co grammar', () => {
  const rows: [string, Partial<ImageSpec>][] = [
    // sizes
    ['/600x400', { width: 600, height: 400, scale: 1, format: 'svg', text: '600 × 400' }],
    ['/400', { width: 400, height: 400, text: '400 × 400' }],
    ['/600X400', { width: 600, height: 400 }],
    ['/600x400/', { width: 600, height: 400 }],
    ['/1x1', { width: 1, height: 1 }],
    ['/4000x4000', { width: 4000, height: 4000 }],
    // retina
    ['/600x400@2x.png', { width: 600, height: 400, scale: 2, format: 'png', text: '600 × 400' }],
    ['/600x400@2x/png', { scale: 2, format: 'png' }],
    ['/600x400@3x/webp', { scale: 3, format: 'webp' }],
    ['/400@2x.png', { width: 400, height: 400, scale: 2 }],
    ['/600x400@2x', { scale: 1, format: 'svg' }],
    // formats as a segment and as an extension
    ['/600x400/png', { format: 'png' }],
    ['/600x400.png', { format: 'png' }],
    ['/600x400/jpeg', { format: 'jpeg' }],
    ['/600x400/jpg', { format: 'jpeg' }],
    ['/600x400.jpg', { format: 'jpeg' }],
    ['/600x400/gif', { format: 'gif' }],
    ['/600x400/webp', { format: 'webp' }],
    ['/600x400/avif', { format: 'avif' }],
    ['/600x400/svg', { format: 'svg' }],
    ['/600x400.PNG', { format: 'png' }],
    // colours
    ['/600x400/000/fff', { background: black, foreground: white, format: 'svg' }],
    ['/600x400/000000/FFFFFF', { background: black, foreground: white }],
    ['/600x400/000/fff/png', { background: black, foreground: white, format: 'png' }],
    ['/600x400/000/fff.png', { background: black, foreground: white, format: 'png' }],
    ['/600x400/%23000/%23fff', { background: black, foreground: white }],
    ['/600x400/orange/white', { background: { r: 255, g: 165, b: 0, a: 255 }, foreground: white }],
    ['/600x400/Orange', { background: { r: 255, g: 165, b: 0, a: 255 }, foreground: darkGrey }],
    ['/600x400/transparent/000/png', { background: { r: 0, g: 0, b: 0, a: 0 } }],
    ['/600x400/f008', { background: { r: 255, g: 0, b: 0, a: 0x88 } }],
    ['/600x400/ff000080', { background: { r: 255, g: 0, b: 0, a: 0x80 } }],
    ['/600x400/000/png', { background: black, foreground: darkGrey, format: 'png' }],
    ['/600x400', { background: grey, foreground: darkGrey, font: 'lato' }],
    // text
    ['/600x400?text=Hello+World', { text: 'Hello World' }],
    ['/600x400?text=Hello%20World', { text: 'Hello World' }],
    ['/600x400?text=Hello\\nWorld', { text: 'Hello\nWorld' }],
    ['/600x400?text=Hello%0AWorld', { text: 'Hello\nWorld' }],
    ['/600x400?text=Hello%0D%0AWorld', { text: 'Hello\nWorld' }],
    ['/600x400?text=%E4%BD%A0%E5%A5%BD', { text: '你好' }],
    ['/600x400?text=', { text: '' }],
    ['/600x400?text=%3Cscript%3E', { text: '<script>' }],
    ['/600x400@2x.png?text=', { text: '' }],
    // fonts
    ['/600x400?font=roboto', { font: 'roboto' }],
    ['/600x400?font=Open+Sans', { font: 'open-sans' }],
    ['/600x400?font=PLAYFAIR-DISPLAY', { font: 'playfair-display' }],
    ['/600x400?font=source_sans_pro', { font: 'source-sans-pro' }],
    ['/600x400?font=', { font: 'lato' }],
    // text overrides, clamped
    ['/600x400?font-size=40', { fontSize: 40 }],
    ['/600x400?font_size=40px', { fontSize: 40 }],
    ['/600x400?font-size=99999', { fontSize: 1000 }],
    ['/600x400?font-size=0', { fontSize: 1 }],
    ['/600x400?line-height=1.5', { lineHeight: 1.5 }],
    ['/600x400?line-height=9', { lineHeight: 3 }],
    ['/600x400?lang=ja', { lang: 'ja' }],
    ['/600x400?lang=zh-Hant', { lang: 'zh-Hant' }],
  ];

  it.each(rows)('reads %s', (url, expected) => {
    expect(parse(url)).toMatchObject(expected);
  });

  it('accepts every placehold.co font', () => {
    for (const font of [
      'lato',
      'lora',
      'montserrat',
      'noto-sans',
      'open-sans',
      'oswald',
      'playfair-display',
      'poppins',
      'pt-sans',
      'raleway',
      'roboto',
      'source-sans-pro',
    ]) {
      expect(parse(`/10?font=${font}`).font).toBe(font);
    }
  });
});

describe('fakeimg.pl forms its own code answers', () => {
  it('refuses ?retina=1 over the area limit instead of reading the URL as placehold.co', () => {
    const limits = { ...DEFAULT_LIMITS, maxPixels: 500_000 };
    expect(errorCode('/600x400/?retina=1', limits)).toBe('area_too_large');
    expect(errorCode('/600x400?retina=1', limits)).toBe('area_too_large');
  });

  it('reads font_size=0 as "fit the text", and ignores one it cannot read', () => {
    expect(parse('/300x200/?text=Hi&font_size=0').fontSize).toBeUndefined();
    expect(parse('/300x200/?text=Hi&font_size=big').fontSize).toBeUndefined();
    expect(parse('/300x200/?text=Hi&font_size=40').fontSize).toBe(40);
  });
});

describe('fonts that public code names', () => {
  it('keeps a placehold.co URL with one of its own fonts in its grammar', () => {
    const spec = parse('/600x400?font=noto-sans&text=Hi');
    expect([spec.format, spec.font, colourToHex(spec.background)]).toEqual([
      'svg',
      'noto-sans',
      '#dddddd',
    ]);
  });

  it.each([
    'noto-sans-tc',
    'noto-sans-kr',
    'noto-sans-jp',
    'noto-sans-sc',
    'Noto Sans KR',
    'Inter',
    'inter',
  ])('accepts %s', (font) => {
    expect(parse(`/600x400?font=${encodeURIComponent(font)}`).font).toBe(
      font.toLowerCase().replaceAll(' ', '-'),
    );
  });
});

describe('dummyimage.com forms its own code answers', () => {
  // Checked against ../shared/peers/dummyimage/code.php (see docs/grammars.md).
  it.each([
    ['/600x', 600, 600, 'png', '#cccccc'],
    ['/221.6x221.6', 221, 221, 'png', '#cccccc'],
    ['/300px', 300, 300, 'png', '#cccccc'],
    ['/300x200px', 300, 200, 'png', '#cccccc'],
    ['/641x4:3', 641, 480, 'png', '#cccccc'],
    ['/600x400/12345', 600, 400, 'png', '#123405'],
    ['/600x400/1234/fff', 600, 400, 'svg', '#11223344'],
    ['/600x400/000/fff/000', 600, 400, 'png', '#000000'],
    ['/720p/png', 1280, 720, 'png', '#cccccc'],
    ['/720p/gif', 1280, 720, 'gif', '#cccccc'],
    ['/300.gif/09f.gif/fff', 300, 300, 'gif', '#0099ff'],
    ['/400x300/424142/ffffff%26text=meal+planning', 400, 300, 'png', '#424142'],
  ] as const)('%s is %ix%i %s on %s', (url, width, height, format, background) => {
    const spec = parse(url);
    expect([spec.width, spec.height, spec.format]).toEqual([width, height, format]);
    expect(colourToHex(spec.background)).toBe(background);
  });

  it('keeps the sides as written in its default text, and reads %26text=', () => {
    expect(parse('/221.6x221.6').text).toBe('221.6 × 221.6');
    expect(parse('/641x4:3').text).toBe('641 × 480.75');
    expect(parse('/400x300/424142/ffffff%26text=meal+planning').text).toBe('meal planning');
  });

  it('reads an unknown extension as PNG only where it is the deployment grammar', () => {
    expect(errorCode('/600x400.bmp')).toBe('unknown_format');
    expect(parseUrl('/600x400/000/fff.bmp', { grammar: 'dummyimage' }).format).toBe('png');
    expect(parseUrl('/600x400.svg', { grammar: 'dummyimage' }).format).toBe('png');
  });
});

describe('parseRequest: bad input', () => {
  const rows: [string, string][] = [
    ['/', 'bad_path'],
    ['/abc', 'bad_size'],
    ['/x400', 'bad_size'],
    ['/-5x10', 'bad_size'],
    ['/0x400', 'size_out_of_range'],
    ['/600x0', 'size_out_of_range'],
    ['/4001x10', 'size_out_of_range'],
    ['/99999', 'size_out_of_range'],
    ['/99999999999999999999999999x1', 'size_out_of_range'],
    ['/600x400@4x.png', 'bad_scale'],
    ['/600x400@0x.png', 'bad_scale'],
    ['/4000x4000@2x.png', 'area_too_large'],
    ['/3000x3000@2x/png', 'area_too_large'],
    ['/600x400.bmp', 'unknown_format'],
    ['/600x400/000/fff.tiff', 'unknown_format'],
    ['/600x400/png.jpg', 'conflicting_format'],
    ['/600x400/zzz', 'bad_colour'],
    ['/600x400/000/notacolour', 'bad_colour'],
    ['/600x400/png/000', 'bad_colour'],
    [`/600x400?text=${'a'.repeat(501)}`, 'text_too_long'],
    ['/600x400/%E0%A4%A', 'bad_path'],
    ['/600x400?font-size=big', 'bad_query'],
    ['/600x400?line-height=', 'bad_query'],
    ['/600x400?lang=%3Cscript%3E', 'bad_query'],
  ];

  it.each(rows)('rejects %s with %s', (url, code) => {
    expect(errorCode(url)).toBe(code);
  });

  it('says what to change in the message', () => {
    expect(() => parse('/99999')).toThrow('width must be between 1 and 4000, got 99999');
    expect(() => parse('/600x400@4x.png')).toThrow('retina scale must be @2x or @3x, got @4x');
    expect(() => parse('/600x400.bmp')).toThrow(/format must be one of svg, png, .*got "bmp"/);
    // an unknown font is drawn in the default face, and said so
    expect(parse('/600x400?font=comic-sans').warnings).toEqual([
      'unknown font "comic-sans", drawn in lato',
    ]);
  });

  it('follows configured limits', () => {
    const limits = { maxSide: 100, maxPixels: 5000, maxTextLength: 3 };
    expect(errorCode('/101', limits)).toBe('size_out_of_range');
    expect(errorCode('/100x100', limits)).toBe('area_too_large');
    expect(errorCode('/10?text=abcd', limits)).toBe('text_too_long');
    expect(parse('/10?text=abc', limits).text).toBe('abc');
  });

  it('refuses a WebP wider or taller than the format holds (16384 a side), other formats not', () => {
    const limits = { maxSide: 10000, maxPixels: 100_000_000, maxTextLength: 500 };
    expect(errorCode('/10000x400@2x.webp', limits)).toBe('area_too_large');
    expect(() => parse('/400x9000@2x.webp', limits)).toThrow(
      /WEBP is at most 16384 pixels a side, and 800x18000 is more/,
    );
    expect(parse('/8192x400@2x.webp', limits).width).toBe(8192);
    expect(parse('/10000x400@2x.png', limits).scale).toBe(2);
    expect(parse('/10000x400@2x', limits).format).toBe('svg'); // SVG ignores retina
  });

  it('counts text length in characters, not UTF-16 units', () => {
    const limits = { ...DEFAULT_LIMITS, maxTextLength: 2 };
    expect(parse('/10?text=%F0%9F%98%80%F0%9F%98%80', limits).text).toBe('😀😀');
  });
});

describe('specKey', () => {
  it('gives URLs that mean the same image one key', () => {
    const same = [
      '/600x400.png',
      '/600x400/png',
      '/600x400/dddddd/999999/png',
      '/600x400/DDD/999.png',
      '/600x400/%23ddd/%23999999/png?font=lato',
      '/600x400/png?text=600+%C3%97+400',
    ];
    const keys = new Set(same.map((url) => specKey(parse(url))));
    expect(keys.size).toBe(1);
  });

  it('keeps different images apart', () => {
    const different = [
      '/600x400.png',
      '/600x400.webp',
      '/600x400@2x.png',
      '/600x401.png',
      '/600x400/ddd/998.png',
      '/600x400.png?text=x',
      '/600x400.png?font=roboto',
      '/600x400.png?font-size=20',
      '/600x400.png?line-height=2',
      '/600x400.png?lang=ja',
    ];
    expect(new Set(different.map((url) => specKey(parse(url)))).size).toBe(different.length);
  });
});
