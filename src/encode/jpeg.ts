/**
 * Baseline JPEG written directly from a two-colour palette picture (IndexedImage). Most of a
 * placeholder is background: its 8x8 blocks are one colour, whose only coefficient is the DC,
 * so only the blocks that the text band touches are transformed at all; the others cost a
 * few bits each. A picture of greys is written as one component (greyscale JPEG, which every
 * decoder reads), any other as Y, Cb and Cr at full resolution (4:4:4 keeps coloured text
 * sharp). Huffman tables are built for each image (ITU T.81 annex K.2), as libjpeg's
 * optimize_coding does, so the bytes are no larger than libvips'.
 *
 * Why by hand: sharp (libvips, mozjpeg) costs about a millisecond per call before it encodes
 * anything, and at 4000x4000 transforms sixteen million background pixels; this is several
 * times faster on placeholders (docs/benchmarks.md). Pictures with colour glyphs or rounded
 * corners still go through sharp.
 */

import type { Rgba } from '../spec/types.js';
import { ByteSink, limitCodeLengths } from './bits.js';
import type { IndexedImage } from './types.js';

/** The quality the sharp path uses too (encode.ts), by the IJG scaling of annex K's tables. */
export const JPEG_QUALITY = 90;

// Annex K.1 quantisation tables, in natural (row-major) order.
const LUMA_BASE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_BASE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/** ZIGZAG[k] is the natural index of the k-th coefficient in zigzag order. */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
  13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
  45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/** A quantisation table at `quality`, by libjpeg's jpeg_quality_scaling, natural order. */
function quantTable(base: readonly number[], quality: number): Uint8Array {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  return Uint8Array.from(base, (q) =>
    Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))),
  );
}

// The float AAN transform (libjpeg's jfdctflt.c) leaves each coefficient scaled by
// 8 · s(u) · s(v); the divisors fold that in, as libjpeg's forward_DCT_float does.
const AAN_SCALE = [
  1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379,
];

function divisors(table: Uint8Array): Float64Array {
  const out = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      out[v * 8 + u] =
        1 /
        ((table[v * 8 + u] as number) * (AAN_SCALE[v] as number) * (AAN_SCALE[u] as number) * 8);
    }
  }
  return out;
}

/** In-place forward DCT of 64 level-shifted samples, row-major (jfdctflt.c, AAN). */
function forwardDct(d: Float64Array): void {
  for (let pass = 0; pass < 2; pass++) {
    const step = pass === 0 ? 1 : 8; // rows, then columns
    const next = pass === 0 ? 8 : 1;
    for (let i = 0, base = 0; i < 8; i++, base += next) {
      const p0 = base;
      const p1 = base + step;
      const p2 = base + 2 * step;
      const p3 = base + 3 * step;
      const p4 = base + 4 * step;
      const p5 = base + 5 * step;
      const p6 = base + 6 * step;
      const p7 = base + 7 * step;
      const t0 = (d[p0] as number) + (d[p7] as number);
      const t7 = (d[p0] as number) - (d[p7] as number);
      const t1 = (d[p1] as number) + (d[p6] as number);
      const t6 = (d[p1] as number) - (d[p6] as number);
      const t2 = (d[p2] as number) + (d[p5] as number);
      const t5 = (d[p2] as number) - (d[p5] as number);
      const t3 = (d[p3] as number) + (d[p4] as number);
      const t4 = (d[p3] as number) - (d[p4] as number);
      // Even part.
      const t10 = t0 + t3;
      const t13 = t0 - t3;
      const t11 = t1 + t2;
      const t12 = t1 - t2;
      d[p0] = t10 + t11;
      d[p4] = t10 - t11;
      const z1 = (t12 + t13) * Math.SQRT1_2;
      d[p2] = t13 + z1;
      d[p6] = t13 - z1;
      // Odd part.
      const s10 = t4 + t5;
      const s11 = t5 + t6;
      const s12 = t6 + t7;
      const z5 = (s10 - s12) * 0.382683433;
      const z2 = 0.5411961 * s10 + z5;
      const z4 = 1.306562965 * s12 + z5;
      const z3 = s11 * Math.SQRT1_2;
      const z11 = t7 + z3;
      const z13 = t7 - z3;
      d[p5] = z13 + z2;
      d[p3] = z13 - z2;
      d[p1] = z11 + z4;
      d[p7] = z11 - z4;
    }
  }
}

/** Count one more of `index`. */
function bump(counts: Uint32Array | Int32Array, index: number): void {
  counts[index] = (counts[index] as number) + 1;
}

/** The bit count of a coefficient's magnitude (its "category"). */
function category(value: number): number {
  return 32 - Math.clz32(value < 0 ? -value : value);
}

/** A Huffman table: code lengths per symbol, and the codes. */
interface HuffmanTable {
  readonly lengths: Uint8Array;
  readonly codes: Uint16Array;
  /** BITS and HUFFVAL as the DHT segment lists them. */
  readonly counts: Uint8Array;
  readonly symbols: Uint8Array;
}

/** Optimal code lengths limited to 16 bits, as ITU T.81 annex K.2 builds them. */
function huffmanTable(frequencies: Uint32Array): HuffmanTable {
  const freq = Float64Array.from(frequencies);
  // A reserved symbol 256 with frequency 1 keeps any code from being all ones.
  const size = 257;
  const f = new Float64Array(size);
  f.set(freq.subarray(0, 256));
  f[256] = 1;
  const codeSize = new Int32Array(size);
  const others = new Int32Array(size).fill(-1);
  const active: number[] = [];
  for (let i = 0; i < size; i++) if ((f[i] as number) > 0) active.push(i);
  for (;;) {
    let c1 = -1;
    let c2 = -1;
    let v1 = Number.POSITIVE_INFINITY;
    let v2 = Number.POSITIVE_INFINITY;
    for (const i of active) {
      const v = f[i] as number;
      if (v === 0) continue;
      if (v <= v1) {
        v2 = v1;
        c2 = c1;
        v1 = v;
        c1 = i;
      } else if (v <= v2) {
        v2 = v;
        c2 = i;
      }
    }
    if (c2 < 0) break;
    f[c1] = (f[c1] as number) + (f[c2] as number);
    f[c2] = 0;
    for (let i = c1; ; i = others[i] as number) {
      codeSize[i] = (codeSize[i] as number) + 1;
      if (others[i] === -1) {
        others[i] = c2;
        break;
      }
    }
    for (let i = c2; i !== -1; i = others[i] as number) codeSize[i] = (codeSize[i] as number) + 1;
  }
  const bits = new Int32Array(64);
  for (let i = 0; i < size; i++) if (codeSize[i]) bump(bits, codeSize[i] as number);
  // Limit the code lengths to 16 bits (annex K.2, figure K.3).
  limitCodeLengths(bits, 16);
  // Remove the reserved symbol from the longest length in use.
  let longest = 16;
  while (bits[longest] === 0) longest--;
  bits[longest] = (bits[longest] as number) - 1;
  // Symbols by increasing code length (ties by symbol value), as libjpeg orders them.
  const order: number[] = [];
  for (let length = 1; length < 64; length++) {
    for (let s = 0; s < 256; s++) if (codeSize[s] === length) order.push(s);
  }
  const counts = Uint8Array.from({ length: 16 }, (_, i) => bits[i + 1] as number);
  const symbols = Uint8Array.from(order);
  const lengths = new Uint8Array(256);
  const codes = new Uint16Array(256);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let n = 0; n < (counts[length - 1] as number); n++, k++) {
      const s = symbols[k] as number;
      lengths[s] = length;
      codes[s] = code++;
    }
    code <<= 1;
  }
  return { lengths, codes, counts, symbols };
}

/** Bits into bytes, most significant first, with JPEG's byte stuffing (0x00 after 0xFF). */
class StuffedBitWriter {
  private readonly sink = new ByteSink(1 << 16);
  private buffer = 0;
  private count = 0;

  write(value: number, bits: number): void {
    if (bits === 0) return;
    this.buffer = (this.buffer << bits) | (value & ((1 << bits) - 1));
    this.count += bits;
    while (this.count >= 8) {
      this.count -= 8;
      const byte = (this.buffer >>> this.count) & 0xff;
      this.sink.push(byte);
      if (byte === 0xff) this.sink.push(0);
    }
    this.buffer &= (1 << this.count) - 1;
  }

  /** Pad the last byte with ones, as T.81 asks, and return the bytes. */
  finish(): Uint8Array {
    if (this.count > 0) this.write(0x7f, 8 - this.count);
    return this.sink.take();
  }
}

interface Component {
  /** Sample value (0..255) of each palette entry, level-shifted by -128. */
  readonly levels: Float64Array;
  readonly divisors: Float64Array;
  readonly table: number; // 0: luma tables, 1: chroma tables
  /** The DC of a block of background, quantised. */
  readonly backgroundDc: number;
}

/** JPEG has no alpha: translucent colours are shown over white, as a page shows them. */
function overWhite({ r, g, b, a }: Rgba): [number, number, number] {
  const k = a / 255;
  return [r * k + 255 * (1 - k), g * k + 255 * (1 - k), b * k + 255 * (1 - k)];
}

/**
 * The components to write (Y alone for greys; Y, Cb, Cr otherwise, by JFIF's conversion) with
 * each palette entry's level-shifted sample, their quantisation and their background DC.
 */
function components(
  palette: readonly Rgba[],
  grey: boolean,
  luma: Float64Array,
  chroma: Float64Array,
) {
  const rgb = palette.map(overWhite);
  const channel = (
    f: (c: [number, number, number]) => number,
    div: Float64Array,
    table: number,
  ) => {
    const levels = Float64Array.from(rgb, (c) => f(c) - 128);
    const dc = Math.round((levels[0] as number) * 64 * (div[0] as number));
    return { levels, divisors: div, table, backgroundDc: dc };
  };
  const y = ([r, g, b]: [number, number, number]) => 0.299 * r + 0.587 * g + 0.114 * b;
  if (grey) return [channel(y, luma, 0)];
  return [
    channel(y, luma, 0),
    channel(([r, g, b]) => -0.168736 * r - 0.331264 * g + 0.5 * b + 128, chroma, 1),
    channel(([r, g, b]) => 0.5 * r - 0.418688 * g - 0.081312 * b + 128, chroma, 1),
  ];
}

const LUMA_TABLE = quantTable(LUMA_BASE, JPEG_QUALITY);
const CHROMA_TABLE = quantTable(CHROMA_BASE, JPEG_QUALITY);
const LUMA = divisors(LUMA_TABLE);
const CHROMA = divisors(CHROMA_TABLE);

/** Is every colour of the palette, shown over white, a grey? */
function allGrey(palette: readonly Rgba[]): boolean {
  return palette.every((c) => {
    const [r, g, b] = overWhite(c);
    return Math.round(r) === Math.round(g) && Math.round(g) === Math.round(b);
  });
}

/** What a scan is made of: the text blocks' coefficients, and background everywhere else. */
interface ScanInput {
  readonly blocksX: number;
  readonly blocksY: number;
  /** The rectangle of text blocks, in blocks: [x0, x1) x [y0, y1). */
  readonly text: {
    readonly x0: number;
    readonly y0: number;
    readonly x1: number;
    readonly y1: number;
  };
  readonly coefs: Int16Array;
  readonly ends: Uint8Array;
  readonly backgroundDc: readonly number[];
  readonly tableOf: readonly number[];
}

interface SymbolCounts {
  readonly dc: Uint32Array[];
  readonly ac: Uint32Array[];
}

interface ScanOutput {
  readonly bits: StuffedBitWriter;
  readonly dc: readonly HuffmanTable[];
  readonly ac: readonly HuffmanTable[];
}

/**
 * Every block in scan order (interleaved components, one block each per MCU), either counted
 * into `counts` or written to `out`. A background block is its DC difference and an end of
 * block; a run of them after the first has a difference of zero.
 */
function walkScan(scan: ScanInput, counts: SymbolCounts | undefined, out: ScanOutput | undefined) {
  const { blocksX, blocksY, text, coefs, ends, backgroundDc, tableOf } = scan;
  const n = backgroundDc.length;
  const previous = new Int32Array(n);
  const textWidth = text.x1 - text.x0;
  const symbol = (table: number, ac: boolean, value: number) => {
    if (counts) bump((ac ? counts.ac : counts.dc)[table] as Uint32Array, value);
    else if (out) {
      const huffman = (ac ? out.ac : out.dc)[table] as HuffmanTable;
      out.bits.write(huffman.codes[value] as number, huffman.lengths[value] as number);
    }
  };
  const extra = (value: number, size: number) => {
    if (out && size > 0) out.bits.write(value < 0 ? value - 1 : value, size);
  };
  /** Block (bx, by) in full: its DC difference, its coefficients, its end of block. */
  const block = (bx: number, by: number) => {
    const inText = by >= text.y0 && by < text.y1 && bx >= text.x0 && bx < text.x1;
    const b = inText ? (by - text.y0) * textWidth + bx - text.x0 : -1;
    for (let c = 0; c < n; c++) {
      const table = tableOf[c] as number;
      const start = (b * n + c) * 64;
      const value = b < 0 ? (backgroundDc[c] as number) : (coefs[start] as number);
      const diff = value - (previous[c] as number);
      previous[c] = value;
      const size = category(diff);
      symbol(table, false, size);
      extra(diff, size);
      const end = b < 0 ? 1 : (ends[b * n + c] as number);
      let run = 0;
      for (let k = 1; k < end; k++) {
        const v = coefs[start + k] as number;
        if (v === 0) {
          run++;
          continue;
        }
        for (; run > 15; run -= 16) symbol(table, true, 0xf0);
        const vSize = category(v);
        symbol(table, true, (run << 4) | vSize);
        extra(v, vSize);
        run = 0;
      }
      if (end < 64) symbol(table, true, 0); // end of block
    }
  };
  /** `count` background blocks that follow a background block: a zero difference and an end each. */
  const background = (count: number) => {
    if (count <= 0) return;
    for (let c = 0; c < n; c++) {
      const table = tableOf[c] as number;
      if (counts) {
        const dc = counts.dc[table] as Uint32Array;
        const ac = counts.ac[table] as Uint32Array;
        dc[0] = (dc[0] as number) + count;
        ac[0] = (ac[0] as number) + count;
      }
    }
    if (!out) return;
    for (let k = 0; k < count; k++) {
      for (let c = 0; c < n; c++) {
        const table = tableOf[c] as number;
        const dc = out.dc[table] as HuffmanTable;
        const ac = out.ac[table] as HuffmanTable;
        out.bits.write(dc.codes[0] as number, dc.lengths[0] as number);
        out.bits.write(ac.codes[0] as number, ac.lengths[0] as number);
      }
    }
  };
  for (let by = 0; by < blocksY; by++) {
    const textRow = by >= text.y0 && by < text.y1;
    // Background, text, background: each background run starts with one block in full (its
    // difference from the block before may not be zero).
    const runs: [number, number][] = textRow
      ? [
          [0, text.x0],
          [text.x0, text.x1],
          [text.x1, blocksX],
        ]
      : [[0, blocksX]];
    for (const [from, to] of runs) {
      if (from >= to) continue;
      if (textRow && from === text.x0) {
        for (let bx = from; bx < to; bx++) block(bx, by);
      } else {
        block(from, by);
        background(to - from - 1);
      }
    }
  }
}

/** A JPEG of the palette picture. */
export function encodeIndexedJpeg(image: IndexedImage): Buffer {
  const { width, height, left, top, bandWidth, bandHeight, coverage, paletteIndex } = image;
  const grey = allGrey(image.palette);
  const comps: Component[] = components(image.palette, grey, LUMA, CHROMA);
  // Blocks the band touches (the rest are background); edge blocks repeat the last pixel.
  const bx0 = Math.floor(left / 8);
  const by0 = Math.floor(top / 8);
  const bx1 = bandWidth > 0 ? Math.ceil((left + bandWidth) / 8) : bx0;
  const by1 = bandHeight > 0 ? Math.ceil((top + bandHeight) / 8) : by0;
  const textBlocks = (bx1 - bx0) * (by1 - by0);
  const n = comps.length;
  // Quantised coefficients of the text blocks, zigzag order, per component.
  const coefs = new Int16Array(textBlocks * n * 64);
  /** One past the last non-zero coefficient of each text block and component (zigzag). */
  const ends = new Uint8Array(textBlocks * n);
  const samples = new Float64Array(64);
  const indices = new Uint8Array(64);
  for (let by = by0, b = 0; by < by1; by++) {
    for (let bx = bx0; bx < bx1; bx++, b++) {
      const x0 = bx * 8 - left;
      const y0 = by * 8 - top;
      const inside = x0 >= 0 && y0 >= 0 && x0 + 8 <= bandWidth && y0 + 8 <= bandHeight;
      for (let y = 0; y < 8; y++) {
        if (inside) {
          const row = (y0 + y) * bandWidth + x0;
          for (let x = 0; x < 8; x++) {
            indices[y * 8 + x] = paletteIndex[coverage[row + x] as number] as number;
          }
          continue;
        }
        const py = Math.min(height - 1, by * 8 + y) - top;
        for (let x = 0; x < 8; x++) {
          const px = Math.min(width - 1, bx * 8 + x) - left;
          const inBand = px >= 0 && py >= 0 && px < bandWidth && py < bandHeight;
          indices[y * 8 + x] = inBand
            ? (paletteIndex[coverage[py * bandWidth + px] as number] as number)
            : 0;
        }
      }
      for (let c = 0; c < n; c++) {
        const comp = comps[c] as Component;
        for (let i = 0; i < 64; i++) samples[i] = comp.levels[indices[i] as number] as number;
        forwardDct(samples);
        const out = (b * n + c) * 64;
        let end = 1;
        for (let k = 0; k < 64; k++) {
          const z = ZIGZAG[k] as number;
          // floor(x + 0.5), as libjpeg rounds, without a call.
          const q = (((samples[z] as number) * (comp.divisors[z] as number) + 16384.5) | 0) - 16384;
          coefs[out + k] = q;
          if (q !== 0) end = k + 1;
        }
        ends[b * n + c] = end;
      }
    }
  }

  const tables = grey ? 1 : 2;
  const scan: ScanInput = {
    blocksX: Math.ceil(width / 8),
    blocksY: Math.ceil(height / 8),
    text: { x0: bx0, y0: by0, x1: bx1, y1: by1 },
    coefs,
    ends,
    backgroundDc: comps.map((c) => c.backgroundDc),
    tableOf: comps.map((c) => c.table),
  };
  // Once to count the symbols and build the tables for this image, once to write them.
  const counts: SymbolCounts = {
    dc: Array.from({ length: tables }, () => new Uint32Array(256)),
    ac: Array.from({ length: tables }, () => new Uint32Array(256)),
  };
  walkScan(scan, counts, undefined);
  const dcTables = counts.dc.map(huffmanTable);
  const acTables = counts.ac.map(huffmanTable);
  const bits = new StuffedBitWriter();
  walkScan(scan, undefined, { bits, dc: dcTables, ac: acTables });
  const data = bits.finish();

  return Buffer.concat([
    Buffer.from([0xff, 0xd8]), // SOI
    jfif(),
    quantSegment(grey ? [LUMA_TABLE] : [LUMA_TABLE, CHROMA_TABLE]),
    frame(width, height, n),
    huffmanSegment(dcTables, acTables),
    scanHeader(n),
    data,
    Buffer.from([0xff, 0xd9]), // EOI
  ]);
}

function segment(marker: number, body: number[]): Buffer {
  const out = Buffer.alloc(4 + body.length);
  out[0] = 0xff;
  out[1] = marker;
  out.writeUInt16BE(body.length + 2, 2);
  out.set(body, 4);
  return out;
}

/** APP0: JFIF 1.01, no density, no thumbnail. */
function jfif(): Buffer {
  return segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
}

function quantSegment(tables: readonly Uint8Array[]): Buffer {
  const body: number[] = [];
  tables.forEach((table, id) => {
    body.push(id); // 8-bit precision, table id
    for (let k = 0; k < 64; k++) body.push(table[ZIGZAG[k] as number] as number);
  });
  return segment(0xdb, body);
}

/** SOF0: baseline, 8-bit, every component at full resolution. */
function frame(width: number, height: number, count: number): Buffer {
  const body = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, count];
  for (let c = 0; c < count; c++) body.push(c + 1, 0x11, c === 0 ? 0 : 1);
  return segment(0xc0, body);
}

function huffmanSegment(dc: readonly HuffmanTable[], ac: readonly HuffmanTable[]): Buffer {
  const body: number[] = [];
  const add = (table: HuffmanTable, classAndId: number) => {
    body.push(classAndId, ...table.counts, ...table.symbols);
  };
  for (const [id, table] of dc.entries()) add(table, id);
  for (const [id, table] of ac.entries()) add(table, 0x10 | id);
  return segment(0xc4, body);
}

function scanHeader(count: number): Buffer {
  const body = [count];
  for (let c = 0; c < count; c++) body.push(c + 1, c === 0 ? 0x00 : 0x11);
  body.push(0, 63, 0); // spectral selection 0..63, no approximation
  return segment(0xda, body);
}
