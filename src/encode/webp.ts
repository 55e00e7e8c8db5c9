/**
 * Lossless WebP (VP8L, RFC 9649 section 3) written directly from a two-colour picture, as
 * encode/jpeg.ts does for JPEG. libwebp (through sharp) analyses and searches every pixel the
 * same way whatever they hold: 1.5 to 2 s for a 4000x4000 placeholder that is nearly all one
 * colour, slower than Pillow's default lossy WebP. Here the background costs next to nothing
 * and only the band of text is searched.
 *
 * - The picture is its palette: a colour-indexing transform with at most 16 colours, two
 *   pixels a byte (pixel bundling). The text's coverage is rounded to 16 levels for this
 *   (`WEBP_BLEND_LEVELS`): a step of a fifteenth of the colour difference, invisible on
 *   anti-aliased edges, and half the pixels to code.
 * - Pixels are coded as LZ77: copies of the row above or a nearby pixel (VP8L's 120 short
 *   "plane" distances), of any earlier run found through a hash chain, otherwise literals.
 *   Greedy longest match with one step of lazy matching; outside the band, the first row is
 *   copies of the pixel to the left and every other row a copy of the row above, 4096 pixels
 *   at a time.
 * - Two groups of prefix codes: one for tiles the band does not touch, one for the rest, so
 *   the background's long copies do not dilute the text's statistics.
 *
 * Exact: test/encode/webp.test.ts decodes with libwebp and compares every pixel with the
 * palette picture. Smaller than libwebp's lossless output of the full-precision picture at
 * every size measured, and 5 to 20 times faster (docs/benchmarks.md).
 */
import { scratchArray } from '../scratch.js';
import type { Rgba } from '../spec/types.js';
import { BitWriter, canonicalCodes, huffmanLengths } from './bits.js';
import type { IndexedImage } from './types.js';

/** Coverage levels of a WebP picture: 16 colours at most, so two pixels fit in a byte. */
export const WEBP_BLEND_LEVELS = 16;

/** Green alphabet: 256 literals, then 24 length prefixes (no colour cache). */
const GREEN_SYMBOLS = 256 + 24;
/** VP8L stores each side less one in 14 bits. */
const MAX_SIDE = 16384;
const DISTANCE_SYMBOLS = 40;
const MAX_COPY = 4096;
/** Copies shorter than this are coded as literals (a literal is one short symbol). */
const MIN_COPY = 3;
/** Lazy matching: a copy this long or longer is taken without looking one pixel ahead. */
const LAZY_BELOW = 64;
/** Hash chain: candidates tried per pixel, and the farthest distance (VP8L allows 2^20 - 120). */
const CHAIN_TRIES = 32;
const CHAIN_REACH = 1_000_000;
/** A copy this long is taken without searching the chain. */
const GOOD_ENOUGH = 256;
const HASH_BITS = 16;
/** A match is followed this far at most (the rows below the band are copied whole anyway). */
const MATCH_SCAN = 1 << 16;
/** Prefix-code groups by tiles of 2^TILE_BITS coded pixels a side. */
const TILE_BITS = 9;
/** Plane distances tried at every pixel (the nearest ones); the chain finds the others. */
const PLANE_TRIED = 22;
/** Distance codes 1..120: (columns left, rows up) of the pixel copied (RFC 9649 4.2.2). */
// biome-ignore format: a table
const PLANE: readonly (readonly [number, number])[] = [
  [0, 1], [1, 0], [1, 1], [-1, 1], [0, 2], [2, 0], [1, 2], [-1, 2], [2, 1], [-2, 1], [2, 2], [-2, 2],
  [0, 3], [3, 0], [1, 3], [-1, 3], [3, 1], [-3, 1], [2, 3], [-2, 3], [3, 2], [-3, 2], [0, 4], [4, 0],
  [1, 4], [-1, 4], [4, 1], [-4, 1], [3, 3], [-3, 3], [2, 4], [-2, 4], [4, 2], [-4, 2], [0, 5], [3, 4],
  [-3, 4], [4, 3], [-4, 3], [5, 0], [1, 5], [-1, 5], [5, 1], [-5, 1], [2, 5], [-2, 5], [5, 2], [-5, 2],
  [4, 4], [-4, 4], [3, 5], [-3, 5], [5, 3], [-5, 3], [0, 6], [6, 0], [1, 6], [-1, 6], [6, 1], [-6, 1],
  [2, 6], [-2, 6], [6, 2], [-6, 2], [4, 5], [-4, 5], [5, 4], [-5, 4], [3, 6], [-3, 6], [6, 3], [-6, 3],
  [0, 7], [7, 0], [1, 7], [-1, 7], [5, 5], [-5, 5], [7, 1], [-7, 1], [4, 6], [-4, 6], [6, 4], [-6, 4],
  [2, 7], [-2, 7], [7, 2], [-7, 2], [3, 7], [-3, 7], [7, 3], [-7, 3], [5, 6], [-5, 6], [6, 5], [-6, 5],
  [8, 0], [4, 7], [-4, 7], [7, 4], [-7, 4], [8, 1], [8, 2], [6, 6], [-6, 6], [8, 3], [5, 7], [-5, 7],
  [7, 5], [-7, 5], [8, 4], [6, 7], [-6, 7], [7, 6], [-7, 6], [8, 5], [7, 7], [-7, 7], [8, 6], [8, 7],
];
const ABOVE = 1;
const LEFT = 2;

/** A length or distance (1 or more) as its prefix symbol, extra bits and their count. */
function prefixOf(value: number): [symbol: number, extra: number, extraBits: number] {
  const v = value - 1;
  if (v < 4) return [v, 0, 0];
  const high = 31 - Math.clz32(v);
  const second = (v >> (high - 1)) & 1;
  const extraBits = high - 1;
  return [2 * high + second, v & ((1 << extraBits) - 1), extraBits];
}

/** A prefix code ready to write: lengths and codes by symbol; `only` >= 0 costs no bits. */
interface PrefixCode {
  readonly lengths: Uint8Array;
  readonly codes: ArrayLike<number>;
  readonly only: number;
}

function prefixCode(counts: Uint32Array, limit = 15): PrefixCode {
  const lengths = huffmanLengths(counts, limit);
  let used = 0;
  let only = -1;
  lengths.forEach((length, symbol) => {
    if (length > 0) {
      used++;
      only = symbol;
    }
  });
  return { lengths, codes: canonicalCodes(lengths), only: used === 1 ? only : -1 };
}

const singleSymbol = (symbol: number, size = 256): PrefixCode => {
  const counts = new Uint32Array(size);
  counts[symbol] = 1;
  return prefixCode(counts);
};

function writeSymbol(out: BitWriter, code: PrefixCode, symbol: number): void {
  if (code.only < 0) out.code(code.codes[symbol] as number, code.lengths[symbol] as number);
}

/** The order in which the code-length code's own lengths are written. */
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** A prefix code's description: "simple" for one symbol below 256, else its code lengths. */
function writeCode(out: BitWriter, code: PrefixCode): void {
  const unused = code.lengths.every((length) => length === 0);
  if (unused || (code.only >= 0 && code.only < 256)) {
    out.write(1, 1); // simple code
    out.write(0, 1); // of one symbol
    out.write(1, 1); // written in 8 bits
    out.write(unused ? 0 : code.only, 8);
    return;
  }
  // The lengths, zero runs as 17 (3..10 zeros) and 18 (11..138), others as themselves.
  const tokens: [symbol: number, extra: number, extraBits: number][] = [];
  const lengths = code.lengths;
  for (let i = 0; i < lengths.length; ) {
    const length = lengths[i] as number;
    let run = 1;
    if (length === 0) {
      while (i + run < lengths.length && lengths[i + run] === 0 && run < 138) run++;
    }
    if (run >= 11) tokens.push([18, run - 11, 7]);
    else if (run >= 3) tokens.push([17, run - 3, 3]);
    else {
      run = 1;
      tokens.push([length, 0, 0]);
    }
    i += run;
  }
  const counts = new Uint32Array(19);
  for (const [symbol] of tokens) counts[symbol] = (counts[symbol] as number) + 1;
  // A lone symbol would have a code of length 1, which the tokens below write (out.code), where a
  // reader takes a one-symbol code as zero bits: give it a partner, so both agree on one bit.
  const lone = counts.findIndex((count) => count > 0);
  if (counts.filter((count) => count > 0).length === 1) counts[lone === 0 ? 1 : 0] = 1;
  const lengthCode = prefixCode(counts, 7);
  let written = CODE_LENGTH_ORDER.length;
  while (written > 4 && lengthCode.lengths[CODE_LENGTH_ORDER[written - 1] as number] === 0) {
    written--;
  }
  out.write(0, 1); // normal code
  out.write(written - 4, 4);
  for (let i = 0; i < written; i++) {
    out.write(lengthCode.lengths[CODE_LENGTH_ORDER[i] as number] as number, 3);
  }
  out.write(0, 1); // every symbol of the alphabet is described
  for (const [symbol, extra, extraBits] of tokens) {
    out.code(lengthCode.codes[symbol] as number, lengthCode.lengths[symbol] as number);
    if (extraBits > 0) out.write(extra, extraBits);
  }
}

const argbOf = ({ r, g, b, a }: Rgba) => ((a << 24) | (r << 16) | (g << 8) | b) >>> 0;

/**
 * Working arrays kept between pictures (src/scratch.ts), up to 2 MB each (five of them: at most
 * 10 MB a thread): fresh typed arrays of a megabyte cost more in page faults than the search
 * here (800x700 encodes went from 7.5 to 3.4 ms). Bigger pictures allocate theirs.
 */
const KEEP_BYTES = 2 * 1024 * 1024;

const packedArray = scratchArray((n) => new Uint8Array(n), KEEP_BYTES);
const chainArray = scratchArray((n) => new Int32Array(n), KEEP_BYTES);
const valueArray = scratchArray((n) => new Uint32Array(n), KEEP_BYTES);
const distanceArray = scratchArray((n) => new Uint32Array(n), KEEP_BYTES);
const positionArray = scratchArray((n) => new Uint32Array(n), KEEP_BYTES);

/** How the palette indices are packed: 2^xbits pixels a byte, `width` bytes a row. */
interface Packing {
  readonly xbits: number;
  readonly width: number;
}

function packingOf(colours: number, width: number): Packing {
  const xbits = colours <= 2 ? 3 : colours <= 4 ? 2 : colours <= 16 ? 1 : 0;
  return { xbits, width: (width + (1 << xbits) - 1) >> xbits };
}

/** The palette indices packed as the coded image's green values, row after row. */
function packIndices(image: IndexedImage, { xbits, width }: Packing): Uint8Array {
  const { left, top, bandWidth, bandHeight, coverage, paletteIndex } = image;
  const bitsPerPixel = 8 >> xbits;
  const within = (1 << xbits) - 1;
  const packed = packedArray(width * image.height).fill(0);
  for (let y = 0, i = 0; y < bandHeight; y++) {
    const row = (top + y) * width;
    for (let x = left; x < left + bandWidth; x++, i++) {
      const c = coverage[i] as number;
      if (c === 0) continue;
      const at = row + (x >> xbits);
      packed[at] =
        (packed[at] as number) | ((paletteIndex[c] as number) << ((x & within) * bitsPerPixel));
    }
  }
  return packed;
}

/** The LZ77 tokens of the coded image: literals (green value) and copies (length, code). */
interface Tokens {
  count: number;
  /** For a literal its value; for a copy its length. */
  readonly value: Uint32Array;
  /** 0 for a literal; for a copy its distance code (plane code, or distance + 120). */
  readonly distance: Uint32Array;
  /** The first coded pixel of each token (it picks the token's group of codes). */
  readonly position: Uint32Array;
}

/**
 * Greedy LZ77 over `pixels` (`width` a row), searching only rows `from` to `to` inclusive (the
 * band and the row below it); the rest is copies.
 */
function parse(pixels: Uint8Array, width: number, from: number, to: number): Tokens {
  const total = pixels.length;
  const capacity = 8 + 2 * Math.ceil(total / MAX_COPY) + (to - from) * width;
  const tokens: Tokens = {
    count: 0,
    value: valueArray(capacity),
    distance: distanceArray(capacity),
    position: positionArray(capacity),
  };
  let at = 0; // pixels coded so far
  const literal = (value: number) => {
    tokens.value[tokens.count] = value;
    tokens.distance[tokens.count] = 0;
    tokens.position[tokens.count++] = at++;
  };
  const copy = (length: number, code: number) => {
    for (let left = length; left > 0; ) {
      const last = tokens.count - 1;
      const n = tokens.value[last] as number;
      if (tokens.distance[last] === code && n < MAX_COPY) {
        // The same distance as the token before: lengthen it.
        const more = Math.min(left, MAX_COPY - n);
        tokens.value[last] = n + more;
        left -= more;
        at += more;
        continue;
      }
      const chunk = Math.min(left, MAX_COPY);
      tokens.value[tokens.count] = chunk;
      tokens.distance[tokens.count] = code;
      tokens.position[tokens.count++] = at;
      at += chunk;
      left -= chunk;
    }
  };

  const plane = new Map<number, number>();
  for (let k = PLANE.length - 1; k >= 0; k--) {
    const [dx, dy] = PLANE[k] as readonly [number, number];
    const distance = dx + dy * width;
    if (distance >= 1) plane.set(distance, k + 1);
  }
  // Distance and code pairs, flat.
  const tried: number[] = [];
  for (let k = 0; k < PLANE_TRIED; k++) {
    const [dx, dy] = PLANE[k] as readonly [number, number];
    const distance = dx + dy * width;
    if (distance >= 1 && plane.get(distance) === k + 1) tried.push(distance, k + 1);
  }

  // The search runs one row past the band: the row below it must not copy the band's last.
  const start = Math.max(1, from * width);
  const end = Math.min(total, (to + 1) * width);
  // Hash chains of the searched pixels only (never read before written).
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const chain = chainArray(Math.max(0, end - start));
  const hashAt = (p: number) =>
    Math.imul(
      (pixels[p] as number) | ((pixels[p + 1] as number) << 8) | ((pixels[p + 2] as number) << 16),
      0x9e3779b1,
    ) >>>
    (32 - HASH_BITS);
  const insert = (p: number) => {
    if (p + 2 >= end || (pixels[p] === 0 && pixels[p + 1] === 0 && pixels[p + 2] === 0)) return;
    const h = hashAt(p);
    chain[p - start] = head[h] as number;
    head[h] = p;
  };
  const matching = (p: number, q: number) => {
    const max = Math.min(total - p, MATCH_SCAN);
    let n = 0;
    while (n < max && pixels[p + n] === pixels[q + n]) n++;
    return n;
  };
  let bestLength = 0;
  let bestCode = 0;
  // A candidate can only win if it also matches at the pixel where the best so far stops:
  // that pixel is compared first (as zlib does), which spares most of the scans.
  const longest = (p: number) => {
    bestLength = 0;
    bestCode = 0;
    for (let k = 0; k < tried.length; k += 2) {
      const distance = tried[k] as number;
      if (distance > p || pixels[p + bestLength] !== pixels[p + bestLength - distance]) continue;
      const n = matching(p, p - distance);
      if (n > bestLength) {
        bestLength = n;
        bestCode = tried[k + 1] as number;
      }
    }
    if (p + 2 >= total || bestLength >= GOOD_ENOUGH) return;
    let q = head[hashAt(p)] as number;
    for (let tries = 0; q >= 0 && tries < CHAIN_TRIES; tries++, q = chain[q - start] as number) {
      const distance = p - q;
      if (distance > CHAIN_REACH) break;
      // A far copy costs more bits: take it only when clearly longer.
      const needed = bestLength + 2;
      if (pixels[p + needed] !== pixels[q + needed]) continue;
      const n = matching(p, q);
      if (n > needed) {
        bestLength = n;
        bestCode = plane.get(distance) ?? distance + 120;
      }
    }
  };

  literal(pixels[0] as number);
  // Above the band: copies of the pixel to the left along the first row, then of the row above.
  if (start > 1) copy(Math.min(width, start) - 1, LEFT);
  if (start > width) copy(start - width, ABOVE);
  for (let p = start; p < end; ) {
    longest(p);
    let length = bestLength;
    const code = bestCode;
    if (length >= MIN_COPY && length < LAZY_BELOW && p + 1 < end) {
      longest(p + 1);
      if (bestLength > length + 1) length = 0; // a literal, then the longer copy
    }
    if (length >= MIN_COPY) {
      copy(length, code);
      for (let i = p; i < p + length && i < end; i++) insert(i);
      p += length;
    } else {
      literal(pixels[p] as number);
      insert(p);
      p++;
    }
  }
  // Below (what a copy has not already covered): copies of the background row above.
  if (at < total) copy(total - at, ABOVE);
  return tokens;
}

/** Group 1 for tiles the band touches, group 0 for the rest. */
function tileGroups(image: IndexedImage, packing: Packing): { width: number; groups: Uint8Array } {
  const width = (packing.width + (1 << TILE_BITS) - 1) >> TILE_BITS;
  const height = (image.height + (1 << TILE_BITS) - 1) >> TILE_BITS;
  const groups = new Uint8Array(width * height);
  if (image.bandWidth > 0 && image.bandHeight > 0) {
    const x0 = (image.left >> packing.xbits) >> TILE_BITS;
    const x1 = ((image.left + image.bandWidth - 1) >> packing.xbits) >> TILE_BITS;
    const y0 = image.top >> TILE_BITS;
    const y1 = (image.top + image.bandHeight - 1) >> TILE_BITS;
    for (let y = y0; y <= y1; y++) groups.fill(1, y * width + x0, y * width + x1 + 1);
  }
  return { width, groups };
}

/** An image of few pixels (the palette, the tile groups) as literals, one code per channel. */
function writeLiteralImage(out: BitWriter, argb: readonly number[]): void {
  const channels = [8, 16, 0, 24].map((shift) => {
    const counts = new Uint32Array(shift === 8 ? GREEN_SYMBOLS : 256);
    for (const pixel of argb)
      counts[(pixel >>> shift) & 0xff] = (counts[(pixel >>> shift) & 0xff] as number) + 1;
    return { shift, code: prefixCode(counts) };
  });
  out.write(0, 1); // no colour cache
  for (const { code } of channels) writeCode(out, code);
  writeCode(out, singleSymbol(0, DISTANCE_SYMBOLS));
  for (const pixel of argb) {
    for (const { shift, code } of channels) writeSymbol(out, code, (pixel >>> shift) & 0xff);
  }
}

/** A lossless WebP of the palette picture (at most 256 colours; 16 or fewer code smallest). */
export function encodeIndexedWebp(image: IndexedImage): Buffer {
  if (image.width > MAX_SIDE || image.height > MAX_SIDE) {
    // The parsers refuse these sizes first (spec/common.ts checkFormatSides).
    throw new RangeError(`a lossless WebP is at most ${MAX_SIDE} pixels a side`);
  }
  const colours = image.palette.map(argbOf);
  const packing = packingOf(colours.length, image.width);
  const pixels = packIndices(image, packing);
  const tokens = parse(pixels, packing.width, image.top, image.top + image.bandHeight);
  const tiles = tileGroups(image, packing);

  // Symbol counts per group, then their codes.
  const groupOf = (position: number) => {
    const y = Math.floor(position / packing.width);
    const x = position - y * packing.width;
    return tiles.groups[(y >> TILE_BITS) * tiles.width + (x >> TILE_BITS)] as number;
  };
  const green = [new Uint32Array(GREEN_SYMBOLS), new Uint32Array(GREEN_SYMBOLS)];
  const distance = [new Uint32Array(DISTANCE_SYMBOLS), new Uint32Array(DISTANCE_SYMBOLS)];
  const group = new Uint8Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    const g = groupOf(tokens.position[i] as number);
    group[i] = g;
    const value = tokens.value[i] as number;
    const code = tokens.distance[i] as number;
    const counts = green[g] as Uint32Array;
    const symbol = code === 0 ? value : 256 + prefixOf(value)[0];
    counts[symbol] = (counts[symbol] as number) + 1;
    if (code !== 0) {
      const d = distance[g] as Uint32Array;
      const s = prefixOf(code)[0];
      d[s] = (d[s] as number) + 1;
    }
  }
  const greenCodes = green.map((counts) => prefixCode(counts));
  const distanceCodes = distance.map((counts) => prefixCode(counts));

  const out = new BitWriter(4096 + (tokens.count >> 1));
  out.write(0x2f, 8); // signature
  out.write(image.width - 1, 14);
  out.write(image.height - 1, 14);
  out.write(colours.some((c) => c >>> 24 !== 0xff) ? 1 : 0, 1);
  out.write(0, 3); // version
  // The colour-indexing transform: the palette, each entry as its difference from the last.
  out.write(1, 1);
  out.write(3, 2);
  out.write(colours.length - 1, 8);
  writeLiteralImage(
    out,
    colours.map((c, i) => {
      const before = i === 0 ? 0 : (colours[i - 1] as number);
      let delta = 0;
      for (const shift of [0, 8, 16, 24]) {
        delta |= ((((c >>> shift) & 0xff) - ((before >>> shift) & 0xff)) & 0xff) << shift;
      }
      return delta >>> 0;
    }),
  );
  out.write(0, 1); // no other transform
  out.write(0, 1); // no colour cache
  out.write(1, 1); // groups of prefix codes, chosen by tile:
  out.write(TILE_BITS - 2, 3);
  writeLiteralImage(
    out,
    Array.from(tiles.groups, (g) => g << 8),
  );
  const red = singleSymbol(0);
  const alpha = singleSymbol(255);
  const groups = Math.max(...tiles.groups) + 1; // as many as the decoder will read
  for (let g = 0; g < groups; g++) {
    writeCode(out, greenCodes[g] as PrefixCode);
    writeCode(out, red);
    writeCode(out, red); // blue, as red: unused
    writeCode(out, alpha);
    writeCode(out, distanceCodes[g] as PrefixCode);
  }
  for (let i = 0; i < tokens.count; i++) {
    const g = group[i] as number;
    const value = tokens.value[i] as number;
    const code = tokens.distance[i] as number;
    if (code === 0) {
      writeSymbol(out, greenCodes[g] as PrefixCode, value);
      continue;
    }
    const [lengthSymbol, lengthExtra, lengthBits] = prefixOf(value);
    writeSymbol(out, greenCodes[g] as PrefixCode, 256 + lengthSymbol);
    out.write(lengthExtra, lengthBits);
    const [distanceSymbol, distanceExtra, distanceBits] = prefixOf(code);
    writeSymbol(out, distanceCodes[g] as PrefixCode, distanceSymbol);
    out.write(distanceExtra, distanceBits);
  }
  return riff(out.take());
}

/** The RIFF container around one VP8L chunk. */
function riff(data: Buffer): Buffer {
  const pad = data.length % 2;
  const out = Buffer.alloc(20 + data.length + pad);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(12 + data.length + pad, 4);
  out.write('WEBPVP8L', 8, 'latin1');
  out.writeUInt32LE(data.length, 16);
  data.copy(out, 20);
  return out;
}
