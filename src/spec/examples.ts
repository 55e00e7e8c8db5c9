/**
 * One example URL per rule of every grammar standin reads, with what it gives. The same table
 * drives the tests (each row is rendered and decoded), docs/grammars.md and the playground page.
 */
import type { Format } from './types.js';

export interface GrammarExample {
  /** Which service's URLs this row stands for. */
  readonly grammar: 'placehold.co' | 'via.placeholder.com' | 'dummyimage.com' | 'fakeimg.pl';
  readonly url: string;
  /** What standin answers, in words. */
  readonly gives: string;
  /** What the decoded image must be. Colours are `rrggbb` or `rrggbbaa`. */
  readonly expect: {
    readonly width: number;
    readonly height: number;
    readonly format: Format;
    readonly background?: string;
    readonly foreground?: string;
    readonly text?: string;
  };
}

export const GRAMMAR_EXAMPLES: readonly GrammarExample[] = [
  {
    grammar: 'placehold.co',
    url: '/600x400',
    gives: '600×400 SVG, #dddddd background, #999999 text "600 × 400"',
    expect: {
      width: 600,
      height: 400,
      format: 'svg',
      background: 'dddddd',
      foreground: '999999',
      text: '600 × 400',
    },
  },
  {
    grammar: 'placehold.co',
    url: '/400',
    gives: '400×400 SVG',
    expect: { width: 400, height: 400, format: 'svg' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/png',
    gives: '600×400 PNG',
    expect: { width: 600, height: 400, format: 'png', background: 'dddddd' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400.webp',
    gives: '600×400 WebP',
    expect: { width: 600, height: 400, format: 'webp', background: 'dddddd' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400@2x.png',
    gives: '1200×800 PNG, text "600 × 400"',
    expect: { width: 1200, height: 800, format: 'png', text: '600 × 400' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400@3x/jpg',
    gives: '1800×1200 JPEG',
    expect: { width: 1800, height: 1200, format: 'jpeg' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/000/fff',
    gives: 'black background, white text, SVG',
    expect: { width: 600, height: 400, format: 'svg', background: '000000', foreground: 'ffffff' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/000000/FFFFFF/png',
    gives: 'black background, white text, PNG',
    expect: { width: 600, height: 400, format: 'png', background: '000000', foreground: 'ffffff' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/orange/white.gif',
    gives: 'CSS colour names, GIF',
    expect: { width: 600, height: 400, format: 'gif', background: 'ffa500', foreground: 'ffffff' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/%23ff000080/fff.png',
    gives: '# and alpha: half-transparent red',
    expect: {
      width: 600,
      height: 400,
      format: 'png',
      background: 'ff000080',
      foreground: 'ffffff',
    },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/transparent/000/avif',
    gives: 'transparent background, AVIF',
    expect: { width: 600, height: 400, format: 'avif', background: '00000000' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/png?text=Hello+World&font=playfair-display',
    gives: 'your text in Playfair Display',
    expect: { width: 600, height: 400, format: 'png', text: 'Hello World' },
  },
  {
    grammar: 'placehold.co',
    url: '/600x400/png?text=Hello\\nWorld',
    gives: 'two lines',
    expect: { width: 600, height: 400, format: 'png', text: 'Hello\nWorld' },
  },
  {
    grammar: 'via.placeholder.com',
    url: '/150',
    gives: '150×150 SVG (placehold.co defaults)',
    expect: { width: 150, height: 150, format: 'svg' },
  },
  {
    grammar: 'via.placeholder.com',
    url: '/728x90.png',
    gives: '728×90 PNG',
    expect: { width: 728, height: 90, format: 'png' },
  },
  {
    grammar: 'via.placeholder.com',
    url: '/150/0000FF/808080?Text=Digital+Marketing',
    gives: 'blue background, grey text "Digital Marketing" (capitalised Text)',
    expect: {
      width: 150,
      height: 150,
      format: 'svg',
      background: '0000ff',
      foreground: '808080',
      text: 'Digital Marketing',
    },
  },
];
