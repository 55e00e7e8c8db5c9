import { describe, expect, it } from 'vitest';
import { paragraphDirection } from '../../src/text/bidi.js';
import { faceCoverage, fallbackChain } from '../../src/text/fonts.js';
import { hanFace, selectFaces } from '../../src/text/scripts.js';

describe('faceCoverage (cmap tables)', () => {
  it.each([
    ['lato', 'A', true],
    ['lato', '你', false],
    ['noto-sans', 'Ж', true],
    ['noto-sans-sc', '你', true],
    ['noto-sans-sc', '한', false],
    ['noto-sans-kr', '한', true],
    ['noto-sans-arabic', 'ب', true],
    ['noto-sans-thai', 'ก', true],
    ['twemoji', '👍', true],
    ['twemoji', '\u{1F3FD}', true],
    ['twemoji', 'A', false],
  ] as const)('knows whether %s has %s: %s', (face, char, has) => {
    expect(faceCoverage(face).has(char.codePointAt(0) ?? 0)).toBe(has);
  });
});

describe('hanFace', () => {
  it.each([
    ['你好，世界', undefined, 'noto-sans-sc'],
    ['這是繁體中文', undefined, 'noto-sans-tc'],
    ['这是简体中文', undefined, 'noto-sans-sc'],
    ['日本語のテキスト', undefined, 'noto-sans-jp'],
    ['한국어 漢字', undefined, 'noto-sans-kr'],
    ['你好', 'zh-Hant', 'noto-sans-tc'],
    ['你好', 'zh-TW', 'noto-sans-tc'],
    ['你好', 'ja', 'noto-sans-jp'],
    ['東京', 'ja-JP', 'noto-sans-jp'],
    ['漢字', 'ko', 'noto-sans-kr'],
    ['Hello', undefined, 'noto-sans-sc'],
  ] as const)('draws %s (lang %s) with %s', (text, lang, face) => {
    expect(hanFace(text, lang)).toBe(face);
  });
});

describe('fallbackChain', () => {
  it('tries the chosen font, the script faces, Noto Sans, emoji, then Han faces', () => {
    expect(fallbackChain('oswald', 'noto-sans-jp')).toEqual([
      'oswald',
      'noto-sans-arabic',
      'noto-sans-hebrew',
      'noto-sans-devanagari',
      'noto-sans-bengali',
      'noto-sans-gurmukhi',
      'noto-sans-gujarati',
      'noto-sans-oriya',
      'noto-sans-tamil',
      'noto-sans-telugu',
      'noto-sans-kannada',
      'noto-sans-malayalam',
      'noto-sans-sinhala',
      'noto-sans-thai',
      'noto-sans-lao',
      'noto-sans-myanmar',
      'noto-sans-khmer',
      'noto-serif-tibetan',
      'noto-sans-georgian',
      'noto-sans-armenian',
      'noto-sans-ethiopic',
      'noto-sans',
      'twemoji',
      'noto-sans-jp',
      'noto-sans-sc',
      'noto-sans-tc',
      'noto-sans-kr',
    ]);
  });
});

describe('selectFaces', () => {
  it('needs only the chosen font and Noto Sans for Latin text', () => {
    expect([...selectFaces('lato', 'Hello, world').faces].sort()).toEqual(['lato', 'noto-sans']);
  });

  it('needs a CJK face only for CJK text, and only one', () => {
    const faces = selectFaces('lato', 'Hello 你好').faces;
    expect(faces.has('noto-sans-sc')).toBe(true);
    expect(
      ['noto-sans-tc', 'noto-sans-jp', 'noto-sans-kr'].some((f) => faces.has(f as never)),
    ).toBe(false);
  });

  it('keeps an emoji ZWJ sequence, a skin tone and a flag whole, in the emoji face', () => {
    const selection = selectFaces('lato', '👩‍💻👍🏽🇯🇵');
    expect([...selection.byGrapheme]).toEqual([
      ['👩‍💻', 'twemoji'],
      ['👍🏽', 'twemoji'],
      ['🇯🇵', 'twemoji'],
    ]);
  });

  it('draws keycaps as their plain character (Twemoji keycaps come out blank in Skia)', () => {
    expect(selectFaces('lato', 'call 1️⃣').text).toBe('call 1');
  });
});

describe('paragraphDirection', () => {
  it.each([
    ['Hello', 'ltr'],
    ['שלום', 'rtl'],
    ['مرحبا world', 'rtl'],
    ['123 مرحبا', 'rtl'],
    ['world مرحبا', 'ltr'],
    ['123', 'ltr'],
  ] as const)('finds %s to be %s', (text, direction) => {
    expect(paragraphDirection(text)).toBe(direction);
  });
});
