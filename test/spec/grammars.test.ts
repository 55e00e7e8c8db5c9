import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { StandinError } from '../../src/errors.js';
import { parse } from '../../src/index.js';
import { renderImage } from '../../src/pipeline/index.js';
import { colourToHex } from '../../src/spec/colour.js';
import { GRAMMAR_EXAMPLES } from '../../src/spec/examples.js';
import { DUMMYIMAGE_SIZES, parseDummyColour } from '../../src/spec/grammars/dummyimage.js';
import { decode, pixel } from '../helpers.js';
import { EXPECTED_IMAGES } from './example-images.js';

function refusal(url: string): StandinError {
  try {
    parse(url);
  } catch (error) {
    if (error instanceof StandinError) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

const SHARP_FORMAT: Record<string, string> = {
  png: 'png',
  jpeg: 'jpeg',
  gif: 'gif',
  webp: 'webp',
  avif: 'heif',
  svg: 'svg',
};

describe('every example of every grammar (the table in docs/grammars.md)', () => {
  it.each(GRAMMAR_EXAMPLES.map((e) => [e.grammar, e.url, e] as const))(
    '%s %s',
    async (_grammar, url, example) => {
      const spec = parse(url);
      const want = EXPECTED_IMAGES.get(example.url);
      if (!want) throw new Error(`test/spec/example-images.ts has no row for ${example.url}`);
      if (want.background) expect(colourToHex(spec.background).slice(1)).toBe(want.background);
      if (want.foreground) expect(colourToHex(spec.foreground).slice(1)).toBe(want.foreground);
      if (want.text !== undefined) expect(spec.text).toBe(want.text);
      const image = await renderImage(spec);
      const meta = await sharp(image.body).metadata();
      expect(meta.format).toBe(SHARP_FORMAT[want.format]);
      expect([meta.width, meta.height]).toEqual([want.width, want.height]);
      if (want.format !== 'svg' && want.background && want.format !== 'jpeg') {
        const pixels = await decode(image.body);
        const [r, g, b, a] = pixel(pixels, 0, 0);
        const hex = [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
        const bg = want.background;
        // lossy encoders may move a flat colour a little; compare channels with a tolerance
        const wantRgb = [0, 2, 4].map((i) => Number.parseInt(bg.slice(i, i + 2), 16));
        for (const [i, v] of [r, g, b].entries()) {
          expect(Math.abs(v - (wantRgb[i] ?? 0))).toBeLessThan(8);
        }
        const wantA = bg.length === 8 ? Number.parseInt(bg.slice(6), 16) : 255;
        expect(Math.abs(a - wantA), `pixel ${hex}`).toBeLessThan(8);
      }
    },
  );
});

describe('dummyimage.com details', () => {
  it('expands 1, 2 and 3 digit colours', () => {
    expect(colourToHex(parseDummyColour('c', 'bg'))).toBe('#cccccc');
    expect(colourToHex(parseDummyColour('ef', 'bg'))).toBe('#efefef');
    expect(colourToHex(parseDummyColour('09f', 'bg'))).toBe('#0099ff');
  });

  it('knows every named size', () => {
    for (const [name, [w, h]] of Object.entries(DUMMYIMAGE_SIZES)) {
      expect(parse(`/${name}`)).toMatchObject({ width: w, height: h });
    }
    expect(parse('/MediumRectangle.png')).toMatchObject({ width: 300, height: 250 });
  });

  it('reads text with + as space and | as a line break, in the path or the query', () => {
    expect(parse('/100/000/fff.png&text=a+b|c').text).toBe('a b\nc');
    expect(parse('/100x4:3?text=x').text).toBe('x');
  });
});

describe('ambiguous URLs: one precedence order', () => {
  it.each([
    // placehold.co first: SVG and its colours
    ['/600x400', 'svg', 'dddddd'],
    ['/300/09f/fff', 'svg', '0099ff'],
    // a trailing slash is fakeimg.pl's style: PNG and its defaults
    ['/600x400/', 'png', 'cccccc'],
    ['/300/09f/', 'png', '0099ff'],
    // 1- and 2-digit colours only dummyimage reads: PNG and its default text colour
    ['/300/c', 'png', 'cccccc'],
    // an extension before the last segment is dummyimage's
    ['/300.gif/09f/fff', 'gif', '0099ff'],
    // ?retina is fakeimg's, with any value
    ['/300?retina=1', 'png', 'cccccc'],
    ['/300?retina', 'png', 'cccccc'],
    // a file name at the end is fakeimg's; a colour or size with an extension is not
    ['/300/ff0000/hello.png', 'png', 'ff0000'],
    ['/300/orange.png', 'png', 'ffa500'],
  ])('%s is %s with background %s', (url, format, background) => {
    const spec = parse(url);
    expect(spec.format).toBe(format);
    expect(colourToHex(spec.background).slice(1)).toBe(background);
  });

  it('takes the capitalised ?Text= of old placehold.it and via.placeholder code', () => {
    expect(parse('/150/0000FF/808080?Text=Digital+Marketing').text).toBe('Digital Marketing');
    expect(parse('/150?text=lower&Text=upper').text).toBe('lower');
  });
});

describe('fakeimg.pl details', () => {
  it('falls back to Yanone for a font it does not know, as fakeimg.pl does', () => {
    expect(parse('/300/?font=comic-sans').font).toBe('yanone-kaffeesatz');
    expect(parse('/300/?font=bebas').font).toBe('bebas-neue');
    expect(parse('/300/').font).toBe('yanone-kaffeesatz');
  });

  it('doubles the pixels for retina, keeping the text', () => {
    expect(parse('/300x200/?retina').scale).toBe(2);
    expect(parse('/300x200/').text).toBe('300 x 200');
  });
});

describe('URLs no grammar accepts', () => {
  it.each([
    ['/600x400/zzz', 'bad_colour', 'placehold.co', '/600x400/000/fff.png?text=Hello'],
    ['/mediumrectangle/zz', 'bad_colour', 'dummyimage.com', '&text=Hello'],
    ['/640x4:0', 'bad_size', 'dummyimage.com', '&text=Hello'],
    ['/250x100/ff0000,300/', 'bad_colour', 'fakeimg.pl', '/250x100/ff0000,128/000/'],
    ['/hello', 'bad_size', 'placehold.co', '/600x400'],
  ])('%s is %s naming the nearest valid %s form', (url, code, grammar, example) => {
    const error = refusal(url);
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.message).toContain(grammar);
    expect(error.message).toContain(example);
  });
});
