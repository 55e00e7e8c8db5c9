/** Test helpers: decode images with decoders independent of the encoders, and read pixels. */
import type { FastifyInstance } from 'fastify';
import { PNG } from 'pngjs';
import sharp from 'sharp';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 8 bits a channel, not premultiplied. */
  readonly data: Uint8Array;
}

/** Decode a PNG with pngjs (pure JavaScript, independent of libvips' encoder). */
export function decodePng(body: Uint8Array): Pixels {
  const png = PNG.sync.read(Buffer.from(body));
  return { width: png.width, height: png.height, data: png.data };
}

/** Decode any raster format (and SVG, through librsvg) to RGBA with sharp. */
export async function decode(body: Uint8Array): Promise<Pixels> {
  const { data, info } = await sharp(body)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

export type Rgba = readonly [number, number, number, number];

export function pixel(image: Pixels, x: number, y: number): Rgba {
  const i = (y * image.width + x) * 4;
  const d = image.data;
  return [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0];
}

/** Largest channel difference between two colours. */
export function colourDistance(a: Rgba, b: Rgba): number {
  return Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? 0))));
}

export interface InkBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** Pixels that differ from the background. */
  readonly count: number;
}

/** The bounding box of every pixel further than `tolerance` from `background`. */
export function inkBox(image: Pixels, background: Rgba, tolerance = 24): InkBox | undefined {
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = -1;
  let bottom = -1;
  let count = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (colourDistance(pixel(image, x, y), background) > tolerance) {
        count++;
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  return count === 0 ? undefined : { left, top, right, bottom, count };
}

/** Share of pixels (0..1) that differ by more than `tolerance` in some channel. */
export function differingShare(a: Pixels, b: Pixels, tolerance = 16): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)) > tolerance) {
        differing++;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}

/** Listen on a free loopback port; resolves to the base URL. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * The base URL a spawned `standin serve` (PORT=0, LOG_LEVEL=info) says it listens on, read from
 * its log; rejects with what it printed if it exits first.
 */
export function listeningBase(child: import('node:child_process').ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`standin serve exited ${code}: ${out}`)));
  });
}

/**
 * Every way `plain`, or any part of it at least `minLength` bytes long, could show up in text:
 * as is, hex (both cases), percent-encoded, and base64 and base64url at every alignment.
 */
export function encodingsOf(plain: string, minLength = 4): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(plain, 'utf8');
  for (let start = 0; start < bytes.length; start++) {
    for (let end = start + minLength; end <= bytes.length; end++) {
      const part = bytes.subarray(start, end);
      found.push(part.toString('latin1'), part.toString('hex'), part.toString('hex').toUpperCase());
      found.push(encodeURIComponent(part.toString('utf8')));
      // base64 depends on the alignment of the substring: try all three, without edge characters
      for (let pad = 0; pad < 3; pad++) {
        const aligned = Buffer.concat([Buffer.alloc(pad), part]);
        for (const encoded of [aligned.toString('base64'), aligned.toString('base64url')]) {
          const inner = encoded.slice(pad === 0 ? 0 : 4, -3);
          if (inner.length >= 4) found.push(inner);
        }
      }
    }
  }
  return found;
}
