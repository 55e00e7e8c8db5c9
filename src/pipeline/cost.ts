/**
 * What a render will cost, in estimated milliseconds of one core, before it is started: the
 * renderer makes the cheap ones at the end of the HTTP thread's turn (shared with the free
 * render threads when a turn has several, see pool.ts) and queues the rest for its worker
 * threads. The weights
 * come from `npm run bench:cost` (bench/cost.ts), which prints this estimate beside the time
 * each sample really took; docs/benchmarks.md keeps the table. The estimate errs high: a cheap
 * render sent to a thread costs a few tenths of a millisecond, a costly one run inline stalls
 * every other request.
 */

import { countColourGlyphs } from '../render/glyphs.js';
import type { Format, ImageSpec } from '../spec/types.js';

/** Work every render does whatever its size: layout, set-up, hashing. */
const BASE_MS = 0.8;
/**
 * The same for a two-colour PNG, measured (session 6): its encoder keeps its working arrays,
 * so 150x150 to 600x400 take 0.2 to 0.4 ms in all.
 */
const PNG_BASE_MS = 0.3;
/** Handing pixels to libvips and back (the RGBA path). */
const LIBVIPS_MS = 1.5;
/** Shaping and drawing, per character of text. */
const CHAR_MS = 0.02;
/**
 * Two-colour pictures written from the palette picture (PNG, GIF, JPEG, WebP): per output
 * pixel, mostly writing and compressing rows. A PNG costs what its band of text costs, and
 * the band grows with the picture: 0.4 to 0.5 ms at 800x700 to 1200x630, 2.6 ms at
 * 1920x1080 (session 6, after the rasteriser and the run coder). At 1 ns a pixel (and
 * PNG_BASE_MS) PNGs are cheap up to 1.7 megapixels (all of the cold distribution): in
 * alternating runs, all of them inline did 1,245 a second on 0.97 ms of CPU each, against
 * 1,112 on 1.41 ms when the larger ones took the hop to a thread one by one (session 6).
 * WebP also searches the text's band for copies:
 * 3 to 25 ms on the cold distribution (about 14 ns a pixel on average, more where the text is
 * large), so it is weighed high enough never to run on the HTTP thread (the soak's probe p99
 * went from 20 to 89 ms when it was weighed at 10).
 */
const PALETTE_NS_PER_PIXEL: Readonly<Record<'png' | 'gif' | 'jpeg' | 'webp', number>> = {
  png: 1,
  gif: 5,
  jpeg: 6,
  webp: 30,
};
/** Everything else is drawn as RGBA and encoded by libvips: per output pixel, by format. */
const RGBA_NS_PER_PIXEL: Readonly<Record<Exclude<Format, 'svg'>, number>> = {
  png: 30,
  jpeg: 50,
  webp: 50,
  gif: 180,
  avif: 140,
};
/** Colour glyphs drawn onto a raster: per output pixel. */
const RASTER_COLOUR_NS_PER_PIXEL = 20;
/**
 * SVG outlines: per character and pixel (more characters, and bigger glyphs in a bigger
 * picture, make more outline; 200 characters at 4000x4000 took 26 ms).
 */
const SVG_NS_PER_CHAR_PIXEL = 0.008;
/**
 * SVG with colour glyphs: each is drawn twice onto bitmaps and embedded as PNG, so the cost
 * follows the area they cover, up to the whole picture (4000x4000 with 100 emoji: 3.8 s).
 */
const SVG_COLOUR_NS_PER_PIXEL = 250;
/** Colour glyphs at which they cover as much of the picture as text can. */
const COLOUR_GLYPHS_FOR_FULL_COVER = 10;

/** Estimated milliseconds of one core to render and encode `spec`. */
export function renderCostMs(spec: ImageSpec): number {
  const pixels = spec.width * spec.height * spec.scale * spec.scale;
  const colour = countColourGlyphs(spec.text);
  let ns: number;
  let base = BASE_MS;
  if (spec.format === 'svg') {
    const cover = colour === 0 ? 0 : Math.min(1, 0.15 + colour / COLOUR_GLYPHS_FOR_FULL_COVER);
    ns = pixels * (spec.text.length * SVG_NS_PER_CHAR_PIXEL + cover * SVG_COLOUR_NS_PER_PIXEL);
  } else if (colour === 0 && !spec.radius && spec.format !== 'avif') {
    ns = pixels * PALETTE_NS_PER_PIXEL[spec.format];
    if (spec.format === 'png') base = PNG_BASE_MS;
  } else {
    ns =
      LIBVIPS_MS * 1e6 +
      pixels * (RGBA_NS_PER_PIXEL[spec.format] + (colour > 0 ? RASTER_COLOUR_NS_PER_PIXEL : 0));
  }
  return base + spec.text.length * CHAR_MS + ns / 1e6;
}
