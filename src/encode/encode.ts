/**
 * Raw pixels → image bytes, through sharp (libvips). Encoder settings are fixed, so the same
 * pixels always give the same bytes.
 */
import sharp from 'sharp';
import type { Format } from '../spec/types.js';
import { JPEG_QUALITY } from './jpeg.js';
import type { RasterImage } from './types.js';

// Inputs are in-memory buffers used once: libvips' operation cache only costs memory here.
sharp.cache(false);

export type RasterFormat = Exclude<Format, 'svg'>;

export interface EncodeOptions {
  /** Every pixel is opaque: formats with an alpha channel may drop it. */
  readonly opaque: boolean;
}

/** AVIF is the costly one: above a megapixel it drops to the fastest effort (docs/design.md, "Encoder settings"). */
const AVIF_FAST_ABOVE_PIXELS = 1_000_000;

/**
 * Copy encoded bytes into a buffer of exactly their size. libvips hands back its output
 * buffer, which can be several times larger than the image (measured: about 32 kB held per
 * 2 kB PNG); kept in the cache, that slack, not the images, would fill the memory.
 */
function compact(bytes: Buffer): Buffer {
  const exact = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(exact);
  return exact;
}

/** Encode premultiplied RGBA pixels to `format`. */
export async function encodeRaster(
  image: RasterImage,
  format: RasterFormat,
  options: EncodeOptions,
): Promise<Buffer> {
  return compact(await encodeWith(image, format, options));
}

async function encodeWith(
  image: RasterImage,
  format: RasterFormat,
  options: EncodeOptions,
): Promise<Buffer> {
  const channels = image.channels ?? 4;
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels, premultiplied: channels === 4 },
  });
  if (options.opaque && channels === 4) pipeline = pipeline.removeAlpha();
  switch (format) {
    case 'png':
      return pipeline.png({ compressionLevel: 6 }).toBuffer();
    case 'jpeg':
      // JPEG has no alpha: transparent areas become white, as browsers show them on a page.
      // 4:4:4 keeps coloured text and emoji sharp. (Two-colour pictures, greys included, are
      // written by encode/jpeg.ts and never come here.)
      return pipeline
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' })
        .toBuffer();
    case 'webp':
      // Flat colours and anti-aliased text: lossless is both exact and smaller than lossy.
      // Effort 2: on nine placeholders from 150x150 to 2000x2000, 30 to 50% less time than 4
      // and the same bytes within half a percent either way (the same at 600x400 and
      // 4000x4000); effort 0 is up to 20 times the bytes.
      return pipeline.webp({ lossless: true, effort: 2 }).toBuffer();
    case 'gif':
      return pipeline.gif({ effort: 7 }).toBuffer();
    case 'avif': {
      const pixels = image.width * image.height;
      return pipeline
        .avif({ quality: 70, effort: pixels > AVIF_FAST_ABOVE_PIXELS ? 0 : 2 })
        .toBuffer();
    }
  }
}
