/**
 * A zlib stream (RFC 1950/1951) for data that is mostly long runs of zero bytes: the rows of a
 * placeholder PNG above and below its text are all background, index 0 with filter 0, so every
 * byte of them is zero. zlib spends about 0.8 ms a megabyte finding those runs again for every
 * image; a run of n zeros can instead be written directly as one small deflate block (a literal
 * zero, then back-references of 258 bytes at distance 1, two bits each), with the Adler-32 of
 * the whole stream carried arithmetically across the run (a zero byte leaves the first sum as it
 * is and adds it to the second). Only the parts that are not zero runs go through zlib.
 *
 * No library writes deflate blocks at this level (pako and fflate compress whole buffers, as
 * zlib does), hence the hundred lines here; test/encode/zlib-runs.test.ts inflates the results
 * with zlib and compares every byte.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { BitWriter, canonicalCodes, reverseBits } from './bits.js';

/**
 * A part of the data: a run of that many zero bytes, or bytes for zlib to compress (with their
 * Adler-32 when the caller computed it while writing them, which saves reading them again).
 */
export type Part = number | Uint8Array | { readonly bytes: Uint8Array; readonly adler: number };

const ADLER_MOD = 65521;
/** Bytes that can be summed before the second Adler sum must be reduced (zlib's NMAX). */
const ADLER_CHUNK = 5552;

interface Adler {
  s1: number;
  s2: number;
}

function adlerBytes(sum: Adler, bytes: Uint8Array): void {
  let { s1, s2 } = sum;
  for (let start = 0; start < bytes.length; start += ADLER_CHUNK) {
    const end = Math.min(bytes.length, start + ADLER_CHUNK);
    for (let i = start; i < end; i++) {
      s1 += bytes[i] as number;
      s2 += s1;
    }
    s1 %= ADLER_MOD;
    s2 %= ADLER_MOD;
  }
  sum.s1 = s1;
  sum.s2 = s2;
}

/** Append data of `length` bytes whose own Adler-32 is `adler` (zlib's adler32_combine). */
function adlerAppend(sum: Adler, adler: number, length: number): void {
  const rem = length % ADLER_MOD;
  const s1 = adler & 0xffff;
  const s2 = adler >>> 16;
  sum.s2 = (sum.s2 + s2 + rem * sum.s1 + ADLER_MOD - rem) % ADLER_MOD;
  sum.s1 = (sum.s1 + s1 + ADLER_MOD - 1) % ADLER_MOD;
}

function adlerZeros(sum: Adler, count: number): void {
  // Each zero adds the first sum to the second; count * s1 stays well inside 2^53.
  sum.s2 = (sum.s2 + (count % ADLER_MOD) * sum.s1) % ADLER_MOD;
}

/** Pad to a byte boundary with an empty stored block, so zlib's bytes can follow. */
function align(out: BitWriter): void {
  out.write(0, 3); // BFINAL 0, BTYPE 00 (stored)
  out.pad();
  out.bytes([0x00, 0x00, 0xff, 0xff]); // LEN 0, NLEN ~0
}

/**
 * A complete prefix code over `count` symbols, as lengths in the order of the symbols: the
 * shortest possible, as balanced as can be (zlib rejects incomplete code-length codes).
 */
function balancedLengths(count: number): number[] {
  if (count === 1) return [1];
  const depth = Math.floor(Math.log2(count));
  const longer = 2 * (count - 2 ** depth); // symbols one bit longer than `depth`
  return Array.from({ length: count }, (_, i) => (i < count - longer ? depth : depth + 1));
}

/** Deflate's length codes 257..285: base length and extra bits. */
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
  163, 195, 227, 258,
];
const LENGTH_EXTRA = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

function lengthSymbol(length: number): { symbol: number; extra: number; extraBits: number } {
  let i = LENGTH_BASE.length - 1;
  while ((LENGTH_BASE[i] ?? 0) > length) i--;
  return {
    symbol: 257 + i,
    extra: length - (LENGTH_BASE[i] ?? 0),
    extraBits: LENGTH_EXTRA[i] ?? 0,
  };
}

/** Order in which the code-length code's lengths are sent (RFC 1951 3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_MATCH = 258;
const LITERAL_ZERO = 0;
const END_OF_BLOCK = 256;
const MATCH_258 = 285;

interface BlockCodes {
  readonly litLengths: readonly number[];
  readonly litCodes: readonly number[];
  /** The block's header after BFINAL and BTYPE, as (value, bit count) pairs. */
  readonly header: readonly (readonly [number, number])[];
}

/**
 * The Huffman codes of a zero block whose tail match uses length symbol `tail` (0: no tail),
 * and its header. 285 gets one bit, the literal zero two, end-of-block and the tail's match
 * three each (or two without a tail); the distance code is the single distance 1.
 */
function blockCodes(tail: number): BlockCodes {
  const litLengths = new Array<number>(286).fill(0);
  litLengths[MATCH_258] = 1;
  litLengths[LITERAL_ZERO] = 2;
  litLengths[END_OF_BLOCK] = tail ? 3 : 2;
  if (tail) litLengths[tail] = 3;
  const litCodes = canonicalCodes(litLengths);

  // The code lengths, run-length coded: 18 is a run of 11..138 zeros, 17 of 3..10.
  const sequence: { symbol: number; extra: number; extraBits: number }[] = [];
  const all = [...litLengths, 1];
  for (let i = 0; i < all.length; ) {
    const length = all[i] ?? 0;
    let run = 1;
    if (length === 0) while (i + run < all.length && all[i + run] === 0 && run < 138) run++;
    if (length === 0 && run >= 11) sequence.push({ symbol: 18, extra: run - 11, extraBits: 7 });
    else if (length === 0 && run >= 3) sequence.push({ symbol: 17, extra: run - 3, extraBits: 3 });
    else {
      run = 1;
      sequence.push({ symbol: length, extra: 0, extraBits: 0 });
    }
    i += run;
  }
  const used = [...new Set(sequence.map((s) => s.symbol))].sort((a, b) => a - b);
  const clLengths = new Array<number>(19).fill(0);
  balancedLengths(used.length).forEach((length, i) => {
    clLengths[used[i] ?? 0] = length;
  });
  const clCodes = canonicalCodes(clLengths);
  let hclen = CODE_LENGTH_ORDER.length;
  while (hclen > 4 && clLengths[CODE_LENGTH_ORDER[hclen - 1] ?? 0] === 0) hclen--;

  const header: [number, number][] = [
    [286 - 257, 5], // HLIT
    [0, 5], // HDIST: one distance code
    [hclen - 4, 4],
  ];
  for (let i = 0; i < hclen; i++) header.push([clLengths[CODE_LENGTH_ORDER[i] ?? 0] ?? 0, 3]);
  for (const { symbol, extra, extraBits } of sequence) {
    const length = clLengths[symbol] ?? 0;
    header.push([reverseBits(clCodes[symbol] ?? 0, length), length]);
    if (extraBits) header.push([extra, extraBits]);
  }
  return { litLengths, litCodes, header };
}

const blockCodesByTail = new Map<number, BlockCodes>();

/**
 * One dynamic-Huffman block holding `count` (at least 1) zero bytes: a literal zero, then
 * matches of 258 at distance 1, and one shorter match (or up to two literals) for the rest.
 */
function writeZeroBlock(out: BitWriter, count: number, final: boolean): void {
  const rest = (count - 1) % MAX_MATCH;
  const full = (count - 1 - rest) / MAX_MATCH;
  const tail = rest >= 3 ? lengthSymbol(rest) : undefined;
  const tailSymbol = tail?.symbol ?? 0;
  let codes = blockCodesByTail.get(tailSymbol);
  if (!codes) {
    codes = blockCodes(tailSymbol);
    blockCodesByTail.set(tailSymbol, codes);
  }
  const { litLengths, litCodes, header } = codes;

  out.write(final ? 1 : 0, 1);
  out.write(2, 2); // dynamic Huffman
  for (const [value, length] of header) out.write(value, length);

  const literal = () => out.code(litCodes[LITERAL_ZERO] ?? 0, 2);
  literal();
  // Length 258 has the one-bit code 0 (the only code of length 1), and so has distance 1.
  out.zeros(full * 2);
  if (tail) {
    out.code(litCodes[tail.symbol] ?? 0, 3);
    if (tail.extraBits) out.write(tail.extra, tail.extraBits);
    out.code(0, 1);
  } else {
    for (let i = 0; i < rest; i++) literal();
  }
  out.code(litCodes[END_OF_BLOCK] ?? 0, litLengths[END_OF_BLOCK] ?? 0);
}

const partLength = (part: Part) =>
  typeof part === 'number' ? part : part instanceof Uint8Array ? part.length : part.bytes.length;

/** The Adler-32 of `bytes` (RFC 1950), for callers that check this module. */
export function adler32(bytes: Uint8Array): number {
  const sum: Adler = { s1: 1, s2: 0 };
  adlerBytes(sum, bytes);
  return ((sum.s2 << 16) | sum.s1) >>> 0;
}

/** zlib's header for its best compression level (CMF 0x78, FLG 0xDA). */
const ZLIB_HEADER = Buffer.from([0x78, 0xda]);

/**
 * The zlib stream of `parts` joined: zero runs written directly, byte parts compressed by zlib
 * with `options` (flushed to a byte boundary so the pieces can be joined).
 */
export function deflateRuns(
  parts: readonly Part[],
  options: { level?: number; strategy?: number; memLevel?: number } = {},
): Buffer {
  const pieces: Uint8Array[] = [ZLIB_HEADER];
  const sum: Adler = { s1: 1, s2: 0 };
  const bits = new BitWriter();
  const nonEmpty = parts.filter((part) => partLength(part) > 0);
  nonEmpty.forEach((part, i) => {
    const final = i === nonEmpty.length - 1;
    if (typeof part === 'number') {
      writeZeroBlock(bits, part, final);
      if (!final) align(bits);
      pieces.push(bits.take());
      adlerZeros(sum, part);
    } else {
      const bytes = part instanceof Uint8Array ? part : part.bytes;
      pieces.push(
        deflateRawSync(bytes, {
          ...options,
          finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
        }),
      );
      if (part instanceof Uint8Array) adlerBytes(sum, part);
      else adlerAppend(sum, part.adler, part.bytes.length);
    }
  });
  if (nonEmpty.length === 0) pieces.push(deflateRawSync(Buffer.alloc(0)));
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(((sum.s2 << 16) | sum.s1) >>> 0);
  pieces.push(trailer);
  return Buffer.concat(pieces);
}
