/**
 * What the encoders take: the pictures render/ produces, defined here, where they are consumed,
 * so that dependencies run one way (render/ → encode/), and the MIME type of each format.
 */
import type { Format, Rgba } from '../spec/types.js';

/**
 * Raw pixels, 8 bits a channel: RGBA premultiplied by alpha, as Skia keeps them, or (with
 * `channels: 3`) opaque RGB.
 */
export interface RasterImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  /** 4 (premultiplied RGBA) unless said otherwise. */
  readonly channels?: 3 | 4;
}

/**
 * A two-colour picture as the text's coverage and a palette of the blends it uses: only the band
 * of rows and columns that holds text is stored (render/coverage.ts draws it; encode/indexed.ts
 * writes it as PNG or GIF, looking each pixel's palette index up as it copies the rows).
 */
export interface IndexedImage {
  readonly width: number;
  readonly height: number;
  /**
   * The band that holds the text: pixels outside the rectangle left, top, bandWidth,
   * bandHeight are all background (index 0).
   */
  readonly left: number;
  readonly top: number;
  readonly bandWidth: number;
  readonly bandHeight: number;
  /** The text's coverage (0..255) at each pixel of the band, `bandWidth` per row. */
  readonly coverage: Uint8Array;
  /** The same coverage as runs, when the renderer made them (the PNG encoder feeds them). */
  readonly runs?: BandRuns;
  /** The palette index of each coverage value; coverage 0 is index 0. */
  readonly paletteIndex: Uint8Array;
  /** Index 0 is the background. */
  readonly palette: readonly Rgba[];
}

/**
 * A band's coverage as runs (render/runs.ts): run i is `counts[i]` pixels of `values[i]`, row
 * y's runs are `rowStarts[y]` up to `rowStarts[y + 1]`, each row's counts add up to its width.
 */
export interface BandRuns {
  readonly values: Uint8Array;
  readonly counts: Int32Array;
  readonly rowStarts: Int32Array;
}

/** The media type of each format, as sent in Content-Type. */
export const MIME_TYPES: Readonly<Record<Format, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};
