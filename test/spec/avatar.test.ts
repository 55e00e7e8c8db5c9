import { describe, expect, it } from 'vitest';
import { StandinError } from '../../src/errors.js';
import { parse, render } from '../../src/index.js';
import { colourToHex } from '../../src/spec/colour.js';
import { contrastingText, initials, phpBoolean } from '../../src/spec/grammars/avatar.js';
import type { ImageSpec } from '../../src/spec/types.js';
import { decode, inkBox, pixel } from '../helpers.js';

const spec = (url: string) => parse(url) as ImageSpec;

describe('ui-avatars initials (php-initials rules, by grapheme)', () => {
  it.each([
    ['John Doe', 2, true, 'JD'],
    ['John', 2, true, 'JO'],
    ['MA', 2, true, 'MA'],
    ['John Doe Bergerson', 2, true, 'JB'],
    ['John Doe Bergerson', 3, true, 'JDB'],
    ['Morten Cæster', 3, true, 'MCÆ'],
    ['Gustav Årgonson', 2, true, 'GÅ'],
    ['different Case', 3, false, 'dCa'],
    ['john   doe', 2, true, 'JD'],
    ['  ', 2, true, ''],
    ['张伟', 2, true, '张伟'],
    ['محمد علي', 2, true, 'مع'],
    ['👨‍👩‍👧 Family', 2, true, '👨‍👩‍👧F'],
    ['Émile Zola', 1, true, 'É'],
    ['straße', 2, true, 'ST'],
  ])('%s, length %i, uppercase %s: %s', (name, length, uppercase, want) => {
    expect(initials(name, length, uppercase)).toBe(want);
  });
});

describe('ui-avatars URLs', () => {
  it('has the documented defaults', () => {
    const s = spec('/api/');
    expect(s).toMatchObject({
      width: 64,
      height: 64,
      format: 'png',
      text: 'JD',
      font: 'open-sans',
    });
    expect(colourToHex(s.background)).toBe('#dddddd');
    expect(colourToHex(s.foreground)).toBe('#222222');
    expect(s.maxFontSize).toBe(32);
    expect(s.radius).toBeUndefined();
  });

  it('reads the query form', () => {
    const s = spec(
      '/api/?name=Elon+Musk&size=128&background=0D8ABC&color=fff&length=1&font-size=0.33&rounded=true&bold=yes&format=svg',
    );
    expect(s).toMatchObject({ width: 128, height: 128, format: 'svg', text: 'E' });
    expect(s.font).toBe('open-sans-bold');
    expect(s.radius).toBe(64);
    expect(s.maxFontSize).toBeCloseTo(0.33 * 128);
    expect(colourToHex(s.background)).toBe('#0d8abc');
    expect(colourToHex(s.foreground)).toBe('#ffffff');
  });

  it('reads the path form, in its order, + as a space', () => {
    const s = spec('/api/Lasse+Rafn/128/a0a0a0/ff0000/2/0.5/true/false/false/svg');
    expect(s).toMatchObject({ width: 128, format: 'svg', text: 'LR', radius: 64 });
    expect(colourToHex(s.foreground)).toBe('#ff0000');
    expect(spec('/api/Lasse%20Rafn/100').text).toBe('LR');
  });

  it('reads the path only when the query names no setting', () => {
    expect(spec('/api/Lasse+Rafn/128?name=Ada').text).toBe('AD');
    expect(spec('/api/Lasse+Rafn/128?name=Ada').width).toBe(64);
  });

  it('puts sizes and shares in range as ui-avatars does, and says so', () => {
    const big = spec('/api/?size=9999');
    expect(big.width).toBe(512);
    expect(big.warnings?.join()).toContain('512');
    expect(spec('/api/?size=3').width).toBe(16);
    expect(spec('/api/?size=100px').width).toBe(100);
    expect(spec('/api/?size=abc').width).toBe(16);
    expect(spec('/api/?width=300&height=100')).toMatchObject({ width: 300, height: 100 });
    expect(spec('/api/?length=0').text).toBe('J');
    expect(spec('/api/?font-size=3').maxFontSize).toBe(64);
    expect(spec('/api/?font-size=0').maxFontSize).toBe(32);
    expect(spec('/api/?format=jpg').format).toBe('png');
  });

  it('reads booleans as PHP does', () => {
    for (const v of ['1', 'true', 'TRUE', 'on', 'yes']) expect(phpBoolean(v, false)).toBe(true);
    for (const v of ['0', 'false', 'no', 'off', '', 'maybe'])
      expect(phpBoolean(v, true)).toBe(false);
    expect(spec('/api/?name=ab+cd&uppercase=false').text).toBe('ac');
  });

  it('gives background=random the same colour for the same name, and contrasting text', () => {
    const a = spec('/api/?name=Ada+Lovelace&background=random');
    const b = spec('/api/?name=Ada+Lovelace&background=random&size=200');
    expect(a.background).toEqual(b.background);
    const colours = new Set(
      ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Donald', 'Ken'].map((name) =>
        colourToHex(spec(`/api/?name=${name}&background=random`).background),
      ),
    );
    expect(colours.size).toBeGreaterThan(3);
    expect(a.foreground).toEqual(contrastingText(a.background));
    expect(spec('/api/?background=random&color=f00').warnings?.join()).toContain('color');
  });

  it('refuses a colour that is not one, naming the fix and the grammar', () => {
    try {
      parse('/api/?background=zzz');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(StandinError);
      expect((error as StandinError).status).toBe(400);
      expect((error as StandinError).message).toContain('ui-avatars.com');
    }
  });

  it('warns about parameters it does not read', () => {
    expect(spec('/api/?name=A&text=hello').warnings?.join()).toContain('"text"');
  });

  it('draws a circle: transparent corners, the background inside, the initials in the middle', async () => {
    const image = await render(
      '/api/?name=John+Doe&size=100&background=0D8ABC&color=fff&rounded=true',
    );
    const pixels = await decode(image.body);
    expect([pixels.width, pixels.height]).toEqual([100, 100]);
    expect(pixel(pixels, 1, 1)[3]).toBe(0);
    expect(pixel(pixels, 50, 8)).toEqual([13, 138, 188, 255]);
    // The white of the initials (the corners are transparent, not ink).
    let [left, top, right, bottom] = [100, 100, -1, -1];
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) {
        const [r, g, b, a] = pixel(pixels, x, y);
        if (a === 255 && r > 200 && g > 200 && b > 200) {
          [left, top] = [Math.min(left, x), Math.min(top, y)];
          [right, bottom] = [Math.max(right, x), Math.max(bottom, y)];
        }
      }
    }
    const ink = { left, top, right, bottom };
    // Centred (by advance across, by ink down: J's hook sits left), and at most half as tall.
    expect(Math.abs((ink.left + ink.right) / 2 - 50)).toBeLessThan(6);
    expect(Math.abs((ink.top + ink.bottom) / 2 - 50)).toBeLessThan(4);
    expect(ink.bottom - ink.top).toBeLessThan(50);
    expect(ink.right - ink.left).toBeGreaterThan(30);
  });

  it('shrinks initials that would not fit at the asked size', async () => {
    const pixels = await decode(
      (await render('/api/?name=John&length=3&font-size=1&size=128')).body,
    );
    const ink = inkBox(pixels, [221, 221, 221, 255], 60);
    if (!ink) throw new Error('no initials drawn');
    // All three letters, wide, and none cut at the edges.
    expect(ink.right - ink.left).toBeGreaterThan(90);
    expect(ink.left).toBeGreaterThan(0);
    expect(ink.right).toBeLessThan(127);
  });
});
