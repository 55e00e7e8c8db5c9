/**
 * Which characters a font file has glyphs for, read from its `cmap` table. The fallback chain
 * uses this to register only the faces a text needs, and the tests use it to prove that every
 * sample is drawn by a bundled face (the system's fonts would otherwise hide a missing one).
 *
 * Reads TrueType/OpenType files (only the table directory and the `cmap` table, so a 10 MB CJK
 * face costs a few hundred kilobytes of reading) and WOFF2 files (the whole file, decompressed
 * with Node's Brotli). Formats: https://learn.microsoft.com/typography/opentype/spec/cmap and
 * https://www.w3.org/TR/WOFF2/.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/** The code points a face maps to a real glyph (not glyph 0, the missing-glyph box). */
export interface Coverage {
  has(codePoint: number): boolean;
  /** Number of code points covered. */
  readonly size: number;
}

/** Sorted, disjoint, inclusive ranges of code points, searched by bisection. */
class RangeCoverage implements Coverage {
  readonly size: number;
  constructor(private readonly ranges: Uint32Array) {
    let size = 0;
    for (let i = 0; i < ranges.length; i += 2) size += (ranges[i + 1] ?? 0) - (ranges[i] ?? 0) + 1;
    this.size = size;
  }
  has(codePoint: number): boolean {
    let lo = 0;
    let hi = this.ranges.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (codePoint < (this.ranges[2 * mid] ?? 0)) hi = mid - 1;
      else if (codePoint > (this.ranges[2 * mid + 1] ?? 0)) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** Collects covered code points (in any order) into merged ranges. */
function toCoverage(pairs: [number, number][]): Coverage {
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [start, end] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && start <= (merged[last] ?? 0) + 1) {
      merged[last] = Math.max(merged[last] ?? 0, end);
    } else {
      merged.push(start, end);
    }
  }
  return new RangeCoverage(Uint32Array.from(merged));
}

/** Ranges of format 4 (BMP segments with deltas or a glyph array). */
function format4(view: DataView, at: number): [number, number][] {
  const segCount = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  const pairs: [number, number][] = [];
  for (let s = 0; s < segCount; s++) {
    const start = view.getUint16(starts + 2 * s);
    const end = view.getUint16(ends + 2 * s);
    const delta = view.getUint16(deltas + 2 * s);
    const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (c + delta) & 0xffff;
      } else {
        const address = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
        glyph = view.getUint16(address);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) pairs.push([c, c]);
    }
  }
  return pairs;
}

/** Ranges of format 12 (groups of consecutive code points and glyphs, any plane). */
function format12(view: DataView, at: number): [number, number][] {
  const groups = view.getUint32(at + 12);
  const pairs: [number, number][] = [];
  for (let g = 0; g < groups; g++) {
    const p = at + 16 + 12 * g;
    let start = view.getUint32(p);
    const end = view.getUint32(p + 4);
    if (view.getUint32(p + 8) === 0) start++; // the group starts at glyph 0: skip that one
    if (start <= end) pairs.push([start, end]);
  }
  return pairs;
}

/** Parse a `cmap` table: the best Unicode subtable (full repertoire first, then BMP). */
export function parseCmap(table: Uint8Array): Coverage {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const count = view.getUint16(2);
  let best: { rank: number; offset: number } | undefined;
  for (let i = 0; i < count; i++) {
    const platform = view.getUint16(4 + 8 * i);
    const encoding = view.getUint16(6 + 8 * i + 0);
    const offset = view.getUint32(8 + 8 * i);
    const format = view.getUint16(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    const rank = format === 12 ? 2 : 1;
    if (!best || rank > best.rank) best = { rank, offset };
  }
  if (!best) return toCoverage([]);
  return toCoverage(best.rank === 2 ? format12(view, best.offset) : format4(view, best.offset));
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const read = readSync(fd, bytes, 0, length, position);
  if (read !== length) throw new Error('truncated font file');
  return bytes;
}

/** The `cmap` table of a TrueType/OpenType file, read without reading the rest of the file. */
function sfntCmap(fd: number): Uint8Array {
  const header = readAt(fd, 0, 12);
  const tables = new DataView(header.buffer).getUint16(4);
  const directory = new DataView(readAt(fd, 12, 16 * tables).buffer);
  for (let i = 0; i < tables; i++) {
    if (directory.getUint32(16 * i) === 0x636d6170 /* 'cmap' */) {
      return readAt(fd, directory.getUint32(16 * i + 8), directory.getUint32(16 * i + 12));
    }
  }
  throw new Error('font has no cmap table');
}

/** WOFF2's table directory: a UIntBase128 is 1 to 5 bytes, 7 bits each, high bit = more. */
function base128(view: DataView, at: { offset: number }): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = view.getUint8(at.offset++);
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  throw new Error('bad UIntBase128 in WOFF2 directory');
}

const GLYF = 10; // index of 'glyf' in WOFF2's table of known tags
const LOCA = 11;
const CMAP = 0;

/** The `cmap` table of a WOFF2 file: its tables are one Brotli stream, in directory order. */
function woff2Cmap(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = view.getUint16(12);
  const at = { offset: 48 };
  let cmapStart = -1;
  let cmapLength = 0;
  let streamOffset = 0;
  for (let i = 0; i < tables; i++) {
    const flags = view.getUint8(at.offset++);
    const known = flags & 0x3f;
    if (known === 63) at.offset += 4; // an explicit tag follows
    const transform = flags >> 6;
    const length = base128(view, at);
    // glyf and loca are transformed unless their version is 3; other tables unless it is 0.
    const transformed = known === GLYF || known === LOCA ? transform !== 3 : transform !== 0;
    const stored = transformed ? base128(view, at) : length;
    if (known === CMAP) {
      cmapStart = streamOffset;
      cmapLength = stored;
    }
    streamOffset += stored;
  }
  if (cmapStart < 0) throw new Error('font has no cmap table');
  const compressedLength = view.getUint32(20);
  const stream = brotliDecompressSync(file.subarray(at.offset, at.offset + compressedLength));
  return stream.subarray(cmapStart, cmapStart + cmapLength);
}

/** Read the coverage of the font file at `path` (TTF, OTF or WOFF2). */
export function readCoverage(path: string): Coverage {
  if (path.endsWith('.woff2')) return parseCmap(woff2Cmap(readFileSync(path)));
  const fd = openSync(path, 'r');
  try {
    return parseCmap(sfntCmap(fd));
  } finally {
    closeSync(fd);
  }
}

/**
 * Check that a file is a whole font without decompressing it: a WOFF2 header whose declared
 * length is the file's, or an OpenType/TrueType table directory with tables. Cheap enough to
 * run on every bundled file at start-up (reading every cmap took 0.6 s for 900 slices). Throws
 * with the reason.
 */
export function checkFontFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(48);
    const read = readSync(fd, head, 0, 48, 0);
    const size = fstatSync(fd).size;
    const tag = head.toString('latin1', 0, 4);
    if (tag === 'wOF2') {
      if (read < 48 || head.readUInt32BE(8) !== size || head.readUInt16BE(12) === 0) {
        throw new Error(
          `a damaged WOFF2 file (${size} bytes, header says ${head.readUInt32BE(8)})`,
        );
      }
      return;
    }
    const version = head.readUInt32BE(0);
    if (read >= 12 && (version === 0x00010000 || tag === 'OTTO' || tag === 'true')) {
      if (head.readUInt16BE(4) === 0) throw new Error('a font with no tables');
      return;
    }
    throw new Error('not a WOFF2, OpenType or TrueType file');
  } finally {
    closeSync(fd);
  }
}
