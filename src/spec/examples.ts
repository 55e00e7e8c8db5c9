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
  {
    grammar: 'dummyimage.com',
    url: '/600x400/000/fff.png&text=Hello',
    gives: 'black PNG, white "Hello" (&text= in the path)',
    expect: {
      width: 600,
      height: 400,
      format: 'png',
      background: '000000',
      foreground: 'ffffff',
      text: 'Hello',
    },
  },
  {
    grammar: 'dummyimage.com',
    url: '/300.png/09f/fff',
    gives: '300×300 PNG, extension on the size segment',
    expect: { width: 300, height: 300, format: 'png', background: '0099ff', foreground: 'ffffff' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/300/09f.png/fff',
    gives: 'extension on the background segment',
    expect: { width: 300, height: 300, format: 'png', background: '0099ff', foreground: 'ffffff' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/640x4:3',
    gives: '640×480 PNG (ratio), dummyimage defaults #cccccc / #000000',
    expect: { width: 640, height: 480, format: 'png', background: 'cccccc', foreground: '000000' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/16:9x1080.jpg',
    gives: '1920×1080 JPEG (ratio)',
    expect: { width: 1920, height: 1080, format: 'jpeg' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/mediumrectangle/c/ef.gif',
    gives: '300×250 GIF, named size, c = #cccccc, ef = #efefef',
    expect: { width: 300, height: 250, format: 'gif', background: 'cccccc', foreground: 'efefef' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/leaderboard',
    gives: '728×90 PNG',
    expect: { width: 728, height: 90, format: 'png' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/1080p.webp',
    gives: '1920×1080 WebP',
    expect: { width: 1920, height: 1080, format: 'webp' },
  },
  {
    grammar: 'dummyimage.com',
    url: '/250x100/f/0&text=Line+one|Line+two',
    gives: 'two lines ("|" breaks), 1-digit colours',
    expect: {
      width: 250,
      height: 100,
      format: 'png',
      background: 'ffffff',
      foreground: '000000',
      text: 'Line one\nLine two',
    },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/300/',
    gives: '300×300 PNG, fakeimg defaults #cccccc / #909090, Yanone Kaffeesatz, "300 x 300"',
    expect: {
      width: 300,
      height: 300,
      format: 'png',
      background: 'cccccc',
      foreground: '909090',
      text: '300 x 300',
    },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/250x100/',
    gives: '250×100 PNG',
    expect: { width: 250, height: 100, format: 'png' },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/250x100/ff0000/',
    gives: 'red background',
    expect: { width: 250, height: 100, format: 'png', background: 'ff0000' },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/250x100/ff0000,128/000,255/',
    gives: 'half-transparent red, opaque black text',
    expect: {
      width: 250,
      height: 100,
      format: 'png',
      background: 'ff000080',
      foreground: '000000',
    },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/350x200/?text=Hello&font=lobster',
    gives: '"Hello" in Lobster',
    expect: { width: 350, height: 200, format: 'png', text: 'Hello' },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/350x200/?text=World&font=museo&font_size=40',
    gives: 'Museo (not bundled) → Montserrat, 40 px text',
    expect: { width: 350, height: 200, format: 'png', text: 'World' },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/250x100/ff0000/000/hello.webp',
    gives: 'an image name picks WebP (or PNG)',
    expect: { width: 250, height: 100, format: 'webp', background: 'ff0000', foreground: '000000' },
  },
  {
    grammar: 'fakeimg.pl',
    url: '/300x200/?retina=1&text=Retina',
    gives: '600×400 PNG (retina=1 doubles the pixels)',
    expect: { width: 600, height: 400, format: 'png', text: 'Retina' },
  },
];
