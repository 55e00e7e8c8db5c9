/**
 * What each example URL of src/spec/examples.ts must decode to: width, height, format, and
 * where it matters the background and text colours (`rrggbb` or `rrggbbaa`) and the text.
 */
import type { Format } from '../../src/spec/types.js';

export interface ExpectedImage {
  readonly width: number;
  readonly height: number;
  readonly format: Format;
  readonly background?: string;
  readonly foreground?: string;
  readonly text?: string;
}

type Details = Omit<ExpectedImage, 'width' | 'height' | 'format'>;

const ROWS: readonly (readonly [string, number, number, Format, Details?])[] = [
  ['/600x400', 600, 400, 'svg', { background: 'dddddd', foreground: '999999', text: '600 × 400' }],
  ['/400', 400, 400, 'svg'],
  ['/600x400/png', 600, 400, 'png', { background: 'dddddd' }],
  ['/600x400.webp', 600, 400, 'webp', { background: 'dddddd' }],
  ['/600x400@2x.png', 1200, 800, 'png', { text: '600 × 400' }],
  ['/600x400@3x/jpg', 1800, 1200, 'jpeg'],
  ['/600x400/000/fff', 600, 400, 'svg', { background: '000000', foreground: 'ffffff' }],
  ['/600x400/000000/FFFFFF/png', 600, 400, 'png', { background: '000000', foreground: 'ffffff' }],
  ['/600x400/orange/white.gif', 600, 400, 'gif', { background: 'ffa500', foreground: 'ffffff' }],
  [
    '/600x400/%23ff000080/fff.png',
    600,
    400,
    'png',
    { background: 'ff000080', foreground: 'ffffff' },
  ],
  ['/600x400/transparent/000/avif', 600, 400, 'avif', { background: '00000000' }],
  ['/600x400/png?text=Hello+World&font=playfair-display', 600, 400, 'png', { text: 'Hello World' }],
  ['/600x400/png?text=Hello\\nWorld', 600, 400, 'png', { text: 'Hello\nWorld' }],
  ['/150', 150, 150, 'svg'],
  ['/728x90.png', 728, 90, 'png'],
  [
    '/150/0000FF/808080?Text=Digital+Marketing',
    150,
    150,
    'svg',
    { background: '0000ff', foreground: '808080', text: 'Digital Marketing' },
  ],
  [
    '/600x400/000/fff.png&text=Hello',
    600,
    400,
    'png',
    { background: '000000', foreground: 'ffffff', text: 'Hello' },
  ],
  ['/300.png/09f/fff', 300, 300, 'png', { background: '0099ff', foreground: 'ffffff' }],
  ['/300/09f.png/fff', 300, 300, 'png', { background: '0099ff', foreground: 'ffffff' }],
  ['/640x4:3', 640, 480, 'png', { background: 'cccccc', foreground: '000000' }],
  ['/16:9x1080.jpg', 1920, 1080, 'jpeg'],
  ['/mediumrectangle/c/ef.gif', 300, 250, 'gif', { background: 'cccccc', foreground: 'efefef' }],
  ['/leaderboard', 728, 90, 'png'],
  ['/1080p.webp', 1920, 1080, 'webp'],
  [
    '/250x100/f/0&text=Line+one|Line+two',
    250,
    100,
    'png',
    { background: 'ffffff', foreground: '000000', text: 'Line one\nLine two' },
  ],
  ['/300/', 300, 300, 'png', { background: 'cccccc', foreground: '909090', text: '300 x 300' }],
  ['/250x100/', 250, 100, 'png'],
  ['/250x100/ff0000/', 250, 100, 'png', { background: 'ff0000' }],
  [
    '/250x100/ff0000,128/000,255/',
    250,
    100,
    'png',
    { background: 'ff000080', foreground: '000000' },
  ],
  ['/350x200/?text=Hello&font=lobster', 350, 200, 'png', { text: 'Hello' }],
  ['/350x200/?text=World&font=museo&font_size=40', 350, 200, 'png', { text: 'World' }],
  [
    '/250x100/ff0000/000/hello.webp',
    250,
    100,
    'webp',
    { background: 'ff0000', foreground: '000000' },
  ],
  ['/300x200/?retina=1&text=Retina', 600, 400, 'png', { text: 'Retina' }],
  [
    '/api/?name=John+Doe',
    64,
    64,
    'png',
    { background: 'dddddd', foreground: '222222', text: 'JD' },
  ],
  [
    '/api/?name=Ada+Lovelace&size=128&background=random&rounded=true&bold=true',
    128,
    128,
    'png',
    { text: 'AL' },
  ],
  [
    '/api/?name=Elon+Musk&background=0D8ABC&color=fff&format=svg',
    64,
    64,
    'svg',
    { background: '0d8abc', foreground: 'ffffff', text: 'EM' },
  ],
  [
    '/api/Lasse+Rafn/128/a0a0a0/ff0000/1',
    128,
    128,
    'png',
    { background: 'a0a0a0', foreground: 'ff0000', text: 'L' },
  ],
  ['/api/?name=different+Case&uppercase=false&length=3', 64, 64, 'png', { text: 'dCa' }],
];

export const EXPECTED_IMAGES: ReadonlyMap<string, ExpectedImage> = new Map(
  ROWS.map(([url, width, height, format, details]) => [url, { width, height, format, ...details }]),
);
