import { describe, expect, it } from 'vitest';
import { ensureFace, familyList } from '../../src/text/fonts.js';
import { breakUnits, layoutText, type Measurer, wrapParagraph } from '../../src/text/layout.js';
import { skiaMeasurer } from '../../src/text/measure.js';

/** Skia measuring Lato with Noto Sans behind it, as layoutSpec does for Latin text. */
function latoMeasurer(): Measurer {
  ensureFace('lato');
  ensureFace('noto-sans');
  return skiaMeasurer(familyList(['lato', 'noto-sans']));
}

/** A monospace measurer: every character is 0.5 em wide, ink from 0.7 em up to 0.1 em down. */
const mono: Measurer = {
  width: (text) => [...text].length * 0.5,
  ink: (text) => (text.trim() === '' ? { ascent: 0, descent: 0 } : { ascent: 0.7, descent: 0.1 }),
  ascent: 0.9,
  descent: 0.3,
};

describe('breakUnits', () => {
  it('breaks Latin text after spaces only', () => {
    expect(breakUnits('Hello, big world')).toEqual(['Hello, ', 'big ', 'world']);
  });
  it('breaks Thai, which has no spaces, between dictionary words', () => {
    expect(breakUnits('สวัสดีครับ')).toEqual(['สวัสดี', 'ครับ']);
  });
  it('never starts a line with closing punctuation nor ends one with an opening bracket', () => {
    expect(breakUnits('你好，「世界」。')).toEqual(['你好，', '「世界」。']);
    expect(breakUnits('こんにちは、世界。')).toEqual(['こんにちは、', '世界。']);
  });
  it('breaks CJK text between dictionary words', () => {
    expect(breakUnits('你好世界')).toEqual(['你好', '世界']);
  });
});

describe('wrapParagraph', () => {
  it('wraps at spaces to the width', () => {
    // 10 em = 20 characters per line
    expect(wrapParagraph('the quick brown fox jumps over the lazy dog', 10, mono)).toEqual([
      'the quick brown fox',
      'jumps over the lazy',
      'dog',
    ]);
  });
  it('breaks a word longer than the line', () => {
    expect(wrapParagraph('abcdefghij', 2, mono)).toEqual(['abcd', 'efgh', 'ij']);
  });
  it('keeps a short paragraph on one line', () => {
    expect(wrapParagraph('hi there', 100, mono)).toEqual(['hi there']);
  });
});

describe('layoutText', () => {
  it('centres one line in the box', () => {
    const layout = layoutText('abcd', { width: 600, height: 400 }, mono);
    expect(layout.lines).toHaveLength(1);
    const [line] = layout.lines;
    expect(line?.x).toBe(300);
    // ink from y - 0.7 size to y + 0.1 size is centred on 200
    const size = layout.fontSize;
    expect((line?.y ?? 0) - 0.7 * size + (line?.y ?? 0) + 0.1 * size).toBeCloseTo(400, 5);
  });

  it('shrinks a single word before it breaks it', () => {
    // 150x150: the cap is 30 px, where "Innovatech" (5 em) would need 150 px: it shrinks instead
    const layout = layoutText('Innovatech', { width: 150, height: 150 }, mono);
    expect(layout.lines.map((l) => l.text)).toEqual(['Innovatech']);
    expect(mono.width('Innovatech') * layout.fontSize).toBeLessThanOrEqual(120);
    expect(layout.fontSize).toBeGreaterThan(20);
    // with real glyphs too
    const real = layoutText('Innovatech', { width: 150, height: 150 }, latoMeasurer());
    expect(real.lines.map((l) => l.text)).toEqual(['Innovatech']);
  });

  it('keeps words whole across lines, shrinking until the longest fits', () => {
    const layout = layoutText('Supercalifragilistic word', { width: 300, height: 300 }, mono);
    expect(layout.lines.map((l) => l.text)).toEqual(['Supercalifragilistic', 'word']);
  });

  it('breaks a word only when even the smallest size cannot hold it', () => {
    const layout = layoutText('x'.repeat(200), { width: 100, height: 100 }, mono);
    expect(layout.lines.length).toBeGreaterThan(1);
  });

  it('caps the size at a fifth of the shorter side', () => {
    expect(layoutText('a', { width: 600, height: 400 }, mono).fontSize).toBe(80);
  });

  it('shrinks long text to fit the width inside the padding', () => {
    const text = 'x'.repeat(40);
    const layout = layoutText(text, { width: 600, height: 400 }, mono);
    const widest = Math.max(...layout.lines.map((l) => mono.width(l.text) * layout.fontSize));
    expect(widest).toBeLessThanOrEqual(480);
  });

  it('keeps explicit line breaks', () => {
    const layout = layoutText('one\ntwo\nthree', { width: 600, height: 400 }, mono);
    expect(layout.lines.map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(layout.lines[1]?.y).toBeGreaterThan(layout.lines[0]?.y ?? 0);
  });

  it('wraps rather than shrinking a sentence to a sliver', () => {
    const layout = layoutText('word '.repeat(30).trim(), { width: 400, height: 400 }, mono);
    expect(layout.lines.length).toBeGreaterThan(3);
    expect(layout.fontSize).toBeGreaterThan(10);
  });

  it('ends with an ellipsis when even the smallest size cannot hold the text', () => {
    const layout = layoutText('word '.repeat(400).trim(), { width: 100, height: 40 }, mono);
    expect(layout.fontSize).toBe(6);
    expect(layout.lines.at(-1)?.text.endsWith('…')).toBe(true);
    const bottom = (layout.lines.at(-1)?.y ?? 0) + 0.3 * 6;
    expect(bottom).toBeLessThanOrEqual(40);
  });

  it('draws nothing for blank text', () => {
    expect(layoutText('  ', { width: 100, height: 100 }, mono).lines).toEqual([]);
  });

  it('fits text inside tiny and huge images', () => {
    for (const [w, h] of [
      [1, 1],
      [10, 10],
      [4000, 4000],
      [4000, 10],
      [10, 4000],
    ] as const) {
      const layout = layoutText(`${w} × ${h}`, { width: w, height: h }, latoMeasurer());
      expect(layout.lines.length).toBeGreaterThan(0);
      for (const line of layout.lines) {
        expect(line.y).toBeGreaterThan(0);
        expect(line.y).toBeLessThanOrEqual(h);
      }
    }
  });

  it('keeps a fixed font size, wrapping to the width', () => {
    const layout = layoutText(
      'word '.repeat(10).trim(),
      { width: 400, height: 400, fontSize: 20 },
      mono,
    );
    expect(layout.fontSize).toBe(20);
    // 320 px inside the padding = 32 characters of 10 px: "word word word word word word"
    expect(layout.lines.map((l) => l.text)).toEqual([
      'word word word word word word',
      'word word word word',
    ]);
  });

  it('cuts a fixed-size text that is too tall with an ellipsis', () => {
    const layout = layoutText(
      'word '.repeat(100).trim(),
      { width: 400, height: 100, fontSize: 20 },
      mono,
    );
    expect(layout.fontSize).toBe(20);
    expect(layout.lines.at(-1)?.text.endsWith('…')).toBe(true);
    expect((layout.lines.at(-1)?.y ?? 0) + 0.3 * 20).toBeLessThanOrEqual(90);
  });

  it('spaces lines by the line height', () => {
    const tight = layoutText(
      'a\nb',
      { width: 400, height: 400, fontSize: 20, lineHeight: 1 },
      mono,
    );
    const loose = layoutText(
      'a\nb',
      { width: 400, height: 400, fontSize: 20, lineHeight: 2 },
      mono,
    );
    const gap = (l: typeof tight) => (l.lines[1]?.y ?? 0) - (l.lines[0]?.y ?? 0);
    expect(gap(tight)).toBeCloseTo(20, 5);
    expect(gap(loose)).toBeCloseTo(40, 5);
  });

  it('lays right-to-left paragraphs out right to left, and left-to-right ones as they are', () => {
    const layout = layoutText('שלום world\nhello', { width: 600, height: 400 }, mono);
    expect(layout.lines.map((l) => l.text)).toEqual(['\u2067שלום world\u2069', 'hello']);
  });
});
