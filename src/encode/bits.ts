/**
 * Bits and prefix codes as deflate (RFC 1951) and lossless WebP (RFC 9649) write them: fields
 * and extra bits least significant bit first, prefix codes canonical and most significant bit
 * first (ByteSink also serves encode/jpeg.ts). Shared by encode/zlib-runs.ts and encode/webp.ts.
 */

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

/**
 * Huffman code lengths for symbol `counts`, none longer than `limit` (0 for unused symbols; a
 * lone used symbol gets length 1). Lengths come from Huffman's merge of the two lightest
 * nodes; if some end up deeper than `limit`, the count of codes per length is evened out
 * (limitCodeLengths), and the lengths are handed out again, shortest to the most frequent.
 */
export function huffmanLengths(counts: ArrayLike<number>, limit: number): Uint8Array {
  const lengths = new Uint8Array(counts.length);
  const used: number[] = [];
  for (let s = 0; s < counts.length; s++) if ((counts[s] as number) > 0) used.push(s);
  if (used.length === 0) return lengths;
  if (used.length === 1) {
    lengths[used[0] as number] = 1;
    return lengths;
  }
  if (used.length > 2 ** limit) {
    throw new RangeError(`${used.length} symbols cannot all have codes of ${limit} bits or fewer`);
  }
  // Leaves sorted by weight (then symbol, so the result is deterministic); merged nodes are
  // made in increasing weight order, so two sorted queues replace a heap. Weight and symbol
  // are sorted as one number (weights are counts of symbols: far below 2^53 / 2^16).
  const keys = new Float64Array(used.length);
  for (let i = 0; i < used.length; i++) {
    const symbol = used[i] as number;
    keys[i] = (counts[symbol] as number) * 65536 + symbol;
  }
  keys.sort();
  for (let i = 0; i < used.length; i++) used[i] = (keys[i] as number) % 65536;
  const n = used.length;
  const weight = new Float64Array(2 * n - 1);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < n; i++) weight[i] = counts[used[i] as number] as number;
  let leaf = 0;
  let node = n;
  let next = n;
  const lightest = (): number => {
    if (leaf < n && (node >= next || (weight[leaf] as number) <= (weight[node] as number))) {
      return leaf++;
    }
    return node++;
  };
  for (; next < 2 * n - 1; next++) {
    const a = lightest();
    const b = lightest();
    weight[next] = (weight[a] as number) + (weight[b] as number);
    parent[a] = next;
    parent[b] = next;
  }
  // Depths from the root (the last node) down.
  const depth = new Uint8Array(2 * n - 1);
  for (let i = 2 * n - 3; i >= 0; i--) depth[i] = (depth[parent[i] as number] as number) + 1;
  const perLength = new Int32Array(Math.max(limit, 64) + 1);
  for (let i = 0; i < n; i++) {
    const bits = depth[i] as number;
    perLength[bits] = (perLength[bits] as number) + 1;
  }
  limitCodeLengths(perLength, limit);
  // The most frequent symbols (the end of `used`) take the shortest codes.
  let k = n - 1;
  for (let bits = 1; bits <= limit; bits++) {
    for (let c = perLength[bits] as number; c > 0; c--) lengths[used[k--] as number] = bits;
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
