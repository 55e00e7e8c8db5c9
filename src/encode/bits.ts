/**
 * Bits and prefix codes as deflate (RFC 1951) and lossless WebP (RFC 9649) write them: fields
 * and extra bits least significant bit first, prefix codes canonical and most significant bit
 * first (ByteSink also serves encode/jpeg.ts). Shared by encode/zlib-runs.ts and encode/webp.ts.
 */

import { scratchArray } from '../scratch.js';

/** The longest prefix code any format here uses (deflate's and WebP's 15 bits). */
const MAX_CODE_LENGTH = 15;

/** The low `length` bits of `code` in reverse order. */
export function reverseBits(code: number, length: number): number {
  let reversed = 0;
  for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i);
  return reversed;
}

/** Symbols BitWriter.table writes between two checks of its room. */
const TABLE_CHUNK = 4096;

/** Bytes appended one at a time into a buffer that doubles as it fills. */
export class ByteSink {
  private buffer: Uint8Array;
  private length = 0;

  /** `capacity` bytes to start with, or `buffer` to write into first (it is not copied). */
  constructor(capacity: number | Uint8Array = 1024) {
    this.buffer = typeof capacity === 'number' ? new Uint8Array(Math.max(16, capacity)) : capacity;
  }

  push(byte: number): void {
    if (this.length === this.buffer.length) this.room(1);
    this.buffer[this.length++] = byte;
  }

  /**
   * Room for `count` more bytes: the buffer, whose bytes from `written` on may be written
   * directly (then `advance`). Valid until the next push or room.
   */
  room(count: number): Uint8Array {
    if (this.length + count > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + count));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    return this.buffer;
  }

  /** Bytes pushed so far. */
  get written(): number {
    return this.length;
  }

  /** Count `count` bytes written directly into the buffer room() gave. */
  advance(count: number): void {
    this.length += count;
  }

  /** The bytes pushed so far (a view: valid until the next push), and start again empty. */
  take(): Uint8Array {
    const bytes = this.buffer.subarray(0, this.length);
    this.length = 0;
    return bytes;
  }
}

/** Bits written least significant first into a growing byte buffer. */
export class BitWriter {
  private readonly sink: ByteSink;
  private bits = 0;
  private count = 0;

  constructor(capacity: number | Uint8Array = 1024) {
    this.sink = new ByteSink(capacity);
  }

  private push(byte: number): void {
    this.sink.push(byte);
  }

  /**
   * `length` (at most 24) bits of `value`, low bit first: header fields and extra bits. `value`
   * must fit in `length` bits (it is not masked: a wider one would spill into the next field).
   */
  write(value: number, length: number): void {
    this.bits |= value << this.count;
    this.count += length;
    while (this.count >= 8) {
      this.push(this.bits & 0xff);
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /**
   * Every symbol of `symbols` as its code from a table: `codes[s]`, already in the order it
   * goes out (low bit first), of `widths[s]` bits (at most 24). The hot loop of a block: the
   * pending bits stay in locals and bytes go straight into the sink's buffer.
   */
  table(symbols: Uint16Array, codes: Int32Array, widths: Uint8Array): void {
    let bits = this.bits;
    let count = this.count;
    // In chunks, so the room asked for (3 bytes a symbol at most) stays near what is written.
    for (let from = 0; from < symbols.length; from += TABLE_CHUNK) {
      const to = Math.min(symbols.length, from + TABLE_CHUNK);
      const buffer = this.sink.room(3 * (to - from));
      const start = this.sink.written;
      let at = start;
      for (let i = from; i < to; i++) {
        const symbol = symbols[i] as number;
        bits |= (codes[symbol] as number) << count;
        count += widths[symbol] as number;
        while (count >= 8) {
          buffer[at++] = bits;
          bits >>>= 8;
          count -= 8;
        }
      }
      this.sink.advance(at - start);
    }
    this.bits = bits;
    this.count = count;
  }

  /** `count` zero bits, in bulk. */
  zeros(count: number): void {
    const first = Math.min(count, (8 - this.count) % 8);
    this.write(0, first);
    let left = count - first;
    for (; left >= 8; left -= 8) this.push(0);
    this.write(0, left);
  }

  /** A prefix code: its bits go out most significant first. */
  code(code: number, length: number): void {
    this.write(reverseBits(code, length), length);
  }

  /** Whole bytes, once the writer is at a byte boundary. */
  bytes(values: readonly number[]): void {
    for (const value of values) this.push(value);
  }

  /** Pad with zero bits to a byte boundary. */
  pad(): void {
    if (this.count > 0) this.write(0, 8 - this.count);
  }

  /** The bytes written so far (padded to a byte), copied; the writer starts again empty. */
  take(): Buffer {
    this.pad();
    return Buffer.from(this.sink.take());
  }
}

/** Canonical prefix codes (RFC 1951 3.2.2) for code lengths indexed by symbol; 0 if unused. */
export function canonicalCodes(lengths: ArrayLike<number>): Int32Array {
  const perLength = new Int32Array(MAX_CODE_LENGTH + 2);
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] as number;
    if (length > MAX_CODE_LENGTH) throw new RangeError(`a code of ${length} bits is too long`);
    if (length > 0) perLength[length] = (perLength[length] as number) + 1;
  }
  const next = new Int32Array(MAX_CODE_LENGTH + 2);
  let code = 0;
  for (let bits = 1; bits <= MAX_CODE_LENGTH; bits++) {
    next[bits] = code;
    code = (code + (perLength[bits] as number)) << 1;
  }
  const codes = new Int32Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] as number;
    if (length > 0) {
      const code = next[length] as number;
      codes[i] = code;
      next[length] = code + 1;
    }
  }
  return codes;
}

/** Working arrays of huffmanLengths (deflate's and WebP's alphabets are a few thousand at most). */
const keyArray = scratchArray((n) => new Float64Array(n), 1 << 16, 512);
const spareKeyArray = scratchArray((n) => new Float64Array(n), 1 << 16, 512);
const weightArray = scratchArray((n) => new Float64Array(n), 1 << 16, 512);
type Keys = ReturnType<typeof keyArray>;

/**
 * `keys[0..n)` sorted ascending, in `keys` or in the spare array: a merge sort, bottom up
 * (the built-in sort of a typed array took 4 µs for 85 keys).
 */
function sortKeys(keys: Keys, n: number): Keys {
  const RUN = 8;
  for (let start = 0; start < n; start += RUN) {
    const end = Math.min(n, start + RUN);
    for (let i = start + 1; i < end; i++) {
      const key = keys[i] as number;
      let j = i - 1;
      for (; j >= start && (keys[j] as number) > key; j--) keys[j + 1] = keys[j] as number;
      keys[j + 1] = key;
    }
  }
  let from = keys;
  let to = spareKeyArray(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const middle = Math.min(n, start + width);
      const end = Math.min(n, start + 2 * width);
      let i = start;
      let j = middle;
      let k = start;
      while (i < middle && j < end) {
        const a = from[i] as number;
        const b = from[j] as number;
        if (a <= b) {
          to[k++] = a;
          i++;
        } else {
          to[k++] = b;
          j++;
        }
      }
      while (i < middle) to[k++] = from[i++] as number;
      while (j < end) to[k++] = from[j++] as number;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}

/**
 * Huffman code lengths for symbol `counts`, none longer than `limit` (0 for unused symbols; a
 * lone used symbol gets length 1). The lengths of a Huffman code for the weights (lightest
 * two merged first, a leaf before a merged node of the same weight) come from Moffat and
 * Katajainen's in-place method; if some are longer than `limit`, the count of codes per
 * length is evened out (limitCodeLengths), and the lengths are handed out again, shortest to
 * the most frequent.
 */
export function huffmanLengths(counts: ArrayLike<number>, limit: number): Uint8Array {
  const lengths = new Uint8Array(counts.length);
  // Used symbols sorted by weight, then symbol (so the result is deterministic), as one
  // number each: weight · 65536 + symbol (weights are counts: far below 2^53 / 2^16).
  let keys = keyArray(counts.length);
  let n = 0;
  for (let s = 0; s < counts.length; s++) {
    const count = counts[s] as number;
    if (count > 0) keys[n++] = count * 65536 + s;
  }
  if (n === 0) return lengths;
  if (n === 1) {
    lengths[(keys[0] as number) % 65536] = 1;
    return lengths;
  }
  if (n > 2 ** limit) {
    throw new RangeError(`${n} symbols cannot all have codes of ${limit} bits or fewer`);
  }
  keys = sortKeys(keys, n);
  // The weights, then in place: parents of merged nodes, their depths, and the leaves' depths.
  const a = weightArray(n);
  for (let i = 0; i < n; i++) a[i] = Math.floor((keys[i] as number) / 65536);
  let root = 0;
  let leaf = 0;
  for (let next = 0; next < n - 1; next++) {
    for (let child = 0; child < 2; child++) {
      let weight: number;
      if (leaf >= n || (root < next && (a[root] as number) < (a[leaf] as number))) {
        weight = a[root] as number;
        a[root++] = next;
      } else weight = a[leaf++] as number;
      a[next] = child === 0 ? weight : (a[next] as number) + weight;
    }
  }
  a[n - 2] = 0;
  for (let next = n - 3; next >= 0; next--) a[next] = (a[a[next] as number] as number) + 1;
  const perLength = new Int32Array(Math.max(limit, 64) + 1);
  let available = 1;
  let depth = 0;
  root = n - 2;
  for (; available > 0; depth++) {
    let inner = 0;
    while (root >= 0 && a[root] === depth) {
      inner++;
      root--;
    }
    // The nodes at this depth that are not merged nodes are leaves.
    perLength[depth] = available - inner;
    available = 2 * inner;
  }
  limitCodeLengths(perLength, limit);
  // The most frequent symbols (the end of `keys`) take the shortest codes.
  let k = n - 1;
  for (let bits = 1; bits <= limit; bits++) {
    for (let c = perLength[bits] as number; c > 0; c--) {
      lengths[(keys[k--] as number) % 65536] = bits;
    }
  }
  return lengths;
}

/**
 * Make a complete code's counts of codes per length (`perLength[n]`: how many codes of n bits)
 * fit within `limit` bits, still complete, as ITU T.81 annex K (figure K.3) does: each pair of
 * too-long codes moves up a length, and a shorter code splits to make room for it.
 */
export function limitCodeLengths(perLength: Int32Array, limit: number): void {
  for (let bits = perLength.length - 1; bits > limit; bits--) {
    while ((perLength[bits] as number) > 0) {
      let j = bits - 2;
      while ((perLength[j] as number) === 0) j--;
      perLength[bits] = (perLength[bits] as number) - 2;
      perLength[bits - 1] = (perLength[bits - 1] as number) + 1;
      perLength[j + 1] = (perLength[j + 1] as number) + 2;
      perLength[j] = (perLength[j] as number) - 1;
    }
  }
}
