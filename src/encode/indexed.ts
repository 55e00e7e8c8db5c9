/**
 * Palette encoders for IndexedImage (render/coverage.ts): PNG written here (a few chunks around
 * one zlib stream; sharp can only make palette PNGs by quantising), GIF through gifenc.
 */
import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';
import type * as Gifenc from 'gifenc';
import type { IndexedImage, RasterImage } from './types.js';
import { deflateRuns, type RunCoder } from './zlib-runs.js';

// gifenc ships CommonJS with an ESM build that Node's loader does not pick: load the CommonJS.
const { GIFEncoder } = createRequire(import.meta.url)('gifenc') as typeof Gifenc;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A PNG file of `chunks` (each its type and data), written into one buffer of its own: a cached
 * image must not pin a shared pool slab, and one allocation is cheaper than one per chunk.
 */
function pngFile(chunks: readonly (readonly [string, Uint8Array])[]): Buffer {
  let size = PNG_SIGNATURE.length;
  for (const [, data] of chunks) size += 12 + data.length;
  const out = Buffer.allocUnsafeSlow(size);
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const [type, data] of chunks) {
    out.writeUInt32BE(data.length, at);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
    out.set(data, at + 8);
    const end = at + 8 + data.length;
    out.writeUInt32BE(crc32(out.subarray(at + 4, end)), end);
    at = end + 4;
  }
  return out;
}

/**
 * Write the band's palette indices into `out` (already zero: background), its first pixel at
 * `offset`, `stride` apart from row to row. Most of a band is background: those are skipped.
 */
function copyBand(image: IndexedImage, out: Uint8Array, stride: number, offset: number): void {
  const { coverage, paletteIndex, bandWidth, bandHeight } = image;
  for (let y = 0, i = 0; y < bandHeight; y++) {
    const row = offset + y * stride;
    for (let x = 0; x < bandWidth; x++, i++) {
      const c = coverage[i] as number;
      if (c !== 0) out[row + x] = paletteIndex[c] as number;
    }
  }
}

/**
 * The rows that hold the band, each led by its PNG filter byte (0: none), background (index 0)
 * around the band, fed to a run coder run by run as they would be written: the background
 * around the band by the count, so those bytes are never written or read.
 */
function feedBand(image: IndexedImage, coder: RunCoder): void {
  const { width, left, paletteIndex, bandWidth, bandHeight } = image;
  const right = width - left - bandWidth;
  const runs = image.runs;
  if (runs) {
    // As the rasteriser left them: the coverage bytes are never written.
    const { values, counts, rowStarts } = runs;
    for (let y = 0; y < bandHeight; y++) {
      coder.repeat(0, 1 + left);
      coder.runs(values, counts, rowStarts[y] as number, rowStarts[y + 1] as number, paletteIndex);
      coder.repeat(0, right);
    }
    return;
  }
  const coverage = image.coverage;
  for (let y = 0, first = 0; y < bandHeight; y++, first += bandWidth) {
    coder.repeat(0, 1 + left);
    coder.mapped(coverage, first, first + bandWidth, paletteIndex);
    coder.repeat(0, right);
  }
}

/** An 8-bit palette PNG, filter "none" (the usual best for palette data, and measured so). */
export function encodeIndexedPng(image: IndexedImage): Buffer {
  const header = new Uint8Array(13);
  const fields = new DataView(header.buffer);
  fields.setUint32(0, image.width);
  fields.setUint32(4, image.height);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: palette
  const plte = new Uint8Array(image.palette.length * 3);
  image.palette.forEach((c, i) => {
    plte[i * 3] = c.r;
    plte[i * 3 + 1] = c.g;
    plte[i * 3 + 2] = c.b;
  });
  let lastTranslucent = -1;
  image.palette.forEach((c, i) => {
    if (c.a < 255) lastTranslucent = i;
  });
  // The rows above and below the band are all zero bytes: written as runs, not compressed.
  const stride = image.width + 1;
  const idat = deflateRuns([
    image.top * stride,
    image.bandHeight > 0 ? (coder) => feedBand(image, coder) : 0,
    (image.height - image.top - image.bandHeight) * stride,
  ]);
  const chunks: [string, Uint8Array][] = [
    ['IHDR', header],
    ['PLTE', plte],
  ];
  if (lastTranslucent >= 0) {
    chunks.push(['tRNS', Uint8Array.from(image.palette.slice(0, lastTranslucent + 1), (c) => c.a)]);
  }
  chunks.push(['IDAT', idat], ['IEND', new Uint8Array(0)]);
  return pngFile(chunks);
}

/**
 * The palette picture as raw pixels for the other encoders (JPEG, WebP, AVIF): RGB when every
 * colour is opaque, premultiplied RGBA otherwise. Filled from the palette: no canvas of the
 * whole picture is drawn or read back (reading 2 megapixels back from Skia took 18 ms).
 */
export function expandIndexed(image: IndexedImage): RasterImage {
  const opaque = image.palette.every((c) => c.a === 255);
  const channels = opaque ? 3 : 4;
  const colours = new Uint8Array(image.palette.length * channels);
  image.palette.forEach((c, i) => {
    const k = c.a / 255; // premultiplied, as Skia's pixels are
    colours.set(
      opaque
        ? [c.r, c.g, c.b]
        : [Math.round(c.r * k), Math.round(c.g * k), Math.round(c.b * k), c.a],
      i * channels,
    );
  });
  const data = Buffer.allocUnsafe(image.width * image.height * channels);
  data.fill(colours.subarray(0, channels)); // the background, index 0
  const { coverage, paletteIndex, bandWidth, bandHeight } = image;
  for (let y = 0, i = 0; y < bandHeight; y++) {
    let o = ((image.top + y) * image.width + image.left) * channels;
    for (let x = 0; x < bandWidth; x++, i++, o += channels) {
      const c = coverage[i] as number;
      if (c === 0) continue;
      const p = (paletteIndex[c] as number) * channels;
      for (let k = 0; k < channels; k++) data[o + k] = colours[p + k] as number;
    }
  }
  return { data, width: image.width, height: image.height, channels };
}

/** Does the palette need partial transparency (which GIF cannot express)? */
export function hasPartialAlpha(image: IndexedImage): boolean {
  return image.palette.some((c) => c.a !== 255 && c.a !== 0);
}

/** A GIF of the same palette. The caller checks hasPartialAlpha() first. */
export function encodeIndexedGif(image: IndexedImage): Buffer {
  const full = new Uint8Array(image.width * image.height);
  copyBand(image, full, image.width, image.top * image.width + image.left);
  const transparentIndex = image.palette.findIndex((c) => c.a === 0);
  const gif = GIFEncoder();
  gif.writeFrame(full, image.width, image.height, {
    palette: image.palette.map((c) => [c.r, c.g, c.b]),
    ...(transparentIndex >= 0 ? { transparent: true, transparentIndex } : {}),
  });
  gif.finish();
  return Buffer.from(gif.bytes());
}
