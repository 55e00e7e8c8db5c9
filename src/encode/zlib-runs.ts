/**
 * A zlib stream (RFC 1950/1951) for data that is mostly long runs of zero bytes: the rows of a
 * placeholder PNG above and below its text are all background, index 0 with filter 0, so every
 * byte of them is zero. zlib spends about 0.8 ms a megabyte finding those runs again for every
 * image; a run of n zeros can instead be written directly as one small deflate block (a literal
 * zero, then back-references of 258 bytes at distance 1, two bits each), with the Adler-32 of
 * the whole stream carried arithmetically across the run (a zero byte leaves the first sum as it
 * is and adds it to the second).
 *
 * The other parts (the rows that hold text) are run-length coded here too, as zlib's Z_RLE
 * strategy codes them (a literal, then matches at distance 1), a dynamic-Huffman block per
 * 16,384 symbols. The caller feeds runs, not bytes: the background around the text is counted
 * and never written out for zlib to read again. On placeholder bands this makes 0.16% fewer
 * bytes than zlib in 0.92 to 0.96 of its time, with no zlib state allocated per picture
 * (docs/benchmarks.md, session 6).
 *
 * No library writes deflate blocks at this level (pako and fflate compress whole buffers, as
 * zlib does), hence the code here; test/encode/zlib-runs.test.ts inflates the results with
 * zlib and compares every byte.
 */

import { scratchArray } from '../scratch.js';
import { BitWriter, canonicalCodes, huffmanLengths, reverseBits } from './bits.js';

/**
 * A part of the data: a run of that many zero bytes, bytes, or a function that feeds a run
 * coder the part's bytes (which saves writing them out and reading them again).
 */
export type Part = number | Uint8Array | Feed;

/** Feeds `coder` a part's bytes, in order. */
export type Feed = (coder: RunCoder) => void;

const ADLER_MOD = 65521;
/** The Adler sums are reduced once past these (see RunCoder.repeat). */
const S1_LIMIT = 2 ** 24;
const S2_LIMIT = 2 ** 48;
const IDENTITY = Uint8Array.from({ length: 256 }, (_, i) => i);

interface Adler {
  s1: number;
  s2: number;
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

/** A final block with nothing in it: fixed Huffman codes, only the end-of-block code. */
function writeEmptyBlock(out: BitWriter): void {
  out.write(1, 1); // BFINAL
  out.write(1, 2); // fixed Huffman
  out.write(0, 7); // 256, end of block: seven zero bits
}

/**
 * A complete prefix code over the symbols that occur, as lengths by symbol: the shortest
 * possible, as balanced as can be (zlib rejects incomplete code-length codes).
 */
function balancedLengths(counts: Int32Array): number[] {
  const used = Array.from(counts).flatMap((c, symbol) => (c > 0 ? [symbol] : []));
  const lengths = new Array<number>(counts.length).fill(0);
  const count = used.length;
  const depth = count === 1 ? 1 : Math.floor(Math.log2(count));
  const longer = count === 1 ? 0 : 2 * (count - 2 ** depth); // one bit longer than `depth`
  used.forEach((symbol, i) => {
    lengths[symbol] = i < count - longer ? depth : depth + 1;
  });
  return lengths;
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
  readonly litCodes: ArrayLike<number>;
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
  const header: [number, number][] = [];
  writeDynamicHeader(
    { write: (value, length) => header.push([value, length]) },
    litLengths,
    286,
    balancedLengths,
  );
  return { litLengths, litCodes, header };
}

/** Where header fields go: a BitWriter, or a recorder of them (blockCodes). */
interface FieldSink {
  write(value: number, length: number): void;
}

/**
 * Write a dynamic block's header after BFINAL and BTYPE: the first `hlit` literal/length code
 * lengths and one distance code of one bit (distance 1), sent as code lengths run-length coded
 * (16 repeats the last length 3..6 times, 17 and 18 are runs of 3..10 and 11..138 zeros) under
 * a code of their own, whose lengths `codeLengthLengths` gives. Once a picture: no arrays of
 * pairs (they were a third of the HTTP thread's garbage under cold load).
 */
function writeDynamicHeader(
  out: FieldSink,
  litLengths: ArrayLike<number>,
  hlit: number,
  codeLengthLengths: (counts: Int32Array) => ArrayLike<number>,
): void {
  // The lengths sent: hlit literal/length codes, then the distance code's 1.
  const total = hlit + 1;
  const lengthAt = (i: number) => (i < hlit ? (litLengths[i] as number) : 1);
  // The sequence, as symbol and extra bits' value (-1: none) pairs.
  const sequence = new Int32Array(2 * 2 * total);
  let n = 0;
  for (let i = 0; i < total; ) {
    const length = lengthAt(i);
    let run = 1;
    while (i + run < total && lengthAt(i + run) === length && run < 138) run++;
    if (length === 0 && run >= 11) {
      sequence[n++] = 18;
      sequence[n++] = run - 11;
    } else if (length === 0 && run >= 3) {
      sequence[n++] = 17;
      sequence[n++] = run - 3;
    } else if (length !== 0 && run >= 4) {
      run = Math.min(run, 7);
      sequence[n++] = length;
      sequence[n++] = -1;
      sequence[n++] = 16;
      sequence[n++] = run - 4;
    } else {
      run = 1;
      sequence[n++] = length;
      sequence[n++] = -1;
    }
    i += run;
  }
  const counts = new Int32Array(19);
  for (let k = 0; k < n; k += 2) {
    const symbol = sequence[k] as number;
    counts[symbol] = (counts[symbol] as number) + 1;
  }
  const clLengths = codeLengthLengths(counts);
  const clCodes = canonicalCodes(clLengths);
  let hclen = CODE_LENGTH_ORDER.length;
  while (hclen > 4 && clLengths[CODE_LENGTH_ORDER[hclen - 1] ?? 0] === 0) hclen--;

  out.write(hlit - 257, 5); // HLIT
  out.write(0, 5); // HDIST: one distance code
  out.write(hclen - 4, 4);
  for (let i = 0; i < hclen; i++) out.write(clLengths[CODE_LENGTH_ORDER[i] ?? 0] ?? 0, 3);
  for (let k = 0; k < n; k += 2) {
    const symbol = sequence[k] as number;
    const length = clLengths[symbol] ?? 0;
    out.write(reverseBits(clCodes[symbol] ?? 0, length), length);
    if (symbol >= 16) out.write(sequence[k + 1] as number, EXTRA_BITS_OF_REPEAT[symbol - 16] ?? 0);
  }
}

/** Extra bits of the code-length symbols 16, 17 and 18. */
const EXTRA_BITS_OF_REPEAT = [2, 3, 7];

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

/** lengthSymbol of each match length 3..258, as tables: its symbol and its extra bits. */
const LENGTH_SYMBOL = new Uint16Array(MAX_MATCH + 1);
const LENGTH_EXTRA_VALUE = new Uint8Array(MAX_MATCH + 1);
const LENGTH_EXTRA_BITS = new Uint8Array(MAX_MATCH + 1);
for (let length = 3; length <= MAX_MATCH; length++) {
  const { symbol, extra, extraBits } = lengthSymbol(length);
  LENGTH_SYMBOL[length] = symbol;
  LENGTH_EXTRA_VALUE[length] = extra;
  LENGTH_EXTRA_BITS[length] = extraBits;
}

/** Where the stream is written before it is copied out: kept between pictures up to 1 MB. */
const streamArray = scratchArray((n) => new Uint8Array(n), 1 << 20);

let viewed: Uint8Array | undefined;
let viewedWords: Uint32Array | undefined;

/**
 * `bytes` as 32-bit words when it is aligned: one view for a caller that feeds an array row
 * by row (a view costs more than a short row's scan).
 */
function wordsOf(bytes: Uint8Array): Uint32Array | undefined {
  if (bytes !== viewed) {
    viewed = bytes;
    viewedWords =
      bytes.byteOffset % 4 === 0
        ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2)
        : undefined;
  }
  return viewedWords;
}

/** Runs that `mapped` found, handed to `runs` this many at a time. */
const FOUND_RUNS = 4096;
const foundValues = new Uint8Array(FOUND_RUNS);
const foundCounts = new Int32Array(FOUND_RUNS);

/** Symbols of a run-coded part, and the counts of a block's codes, kept between pictures. */
const symbolArray = scratchArray((n) => new Uint16Array(n), 4 << 20, 1 << 16);
const countArray = scratchArray((n) => new Int32Array(n), 4096);

/**
 * Bytes fed in order, coded as zlib's Z_RLE strategy codes them: each run of one value is a
 * literal, then matches at distance 1 of 3..258 bytes (a rest shorter than 3 is literals).
 * Zeros can be fed by the count, so a caller that knows where its runs of zeros are never
 * writes or reads them. Keeps the symbols (a literal is its byte, a match 256 + its length)
 * and the Adler-32 of the bytes. deflateRuns makes one for each part that is fed (see Feed),
 * one after the other: their arrays are kept between pictures, so two must never be fed at
 * once.
 */
export class RunCoder {
  private symbols: Uint16Array = symbolArray(1 << 16);
  private size = 0;
  /** The run being read: its byte value (-1 before the first) and length. */
  private value = -1;
  private run = 0;
  private s1 = 1;
  private s2 = 0;
  private fed = 0;

  /** Bytes fed in all. */
  get length(): number {
    return this.fed;
  }

  /** `count` bytes of `value`. */
  repeat(value: number, count: number): void {
    if (count <= 0) return;
    this.fed += count;
    // As in `runs`, which keeps the same state in locals.
    const k = count < ADLER_MOD ? count : count % ADLER_MOD;
    this.s2 += k * this.s1 + value * k * (k + 1) * 0.5;
    this.s1 += k * value;
    if (this.s1 >= S1_LIMIT || this.s2 >= S2_LIMIT) this.reduce();
    if (value === this.value) this.run += count;
    else {
      this.emit(this.value, this.run);
      this.value = value;
      this.run = count;
    }
  }

  /**
   * Bytes `start` to `end` of `bytes`, each through `map`: their runs are found (four bytes
   * tested at a time where aligned) and coded as `runs` codes a run list.
   */
  mapped(bytes: Uint8Array, start: number, end: number, map: Uint8Array): void {
    const words = wordsOf(bytes);
    let found = 0;
    for (let i = start; i < end; ) {
      const byte = bytes[i] as number;
      let next = i + 1;
      while (next < end && (next & 3) !== 0 && bytes[next] === byte) next++;
      if (words !== undefined && (next & 3) === 0) {
        // Four bytes of the run's value at once (runs of background and of solid text).
        const word = (byte * 0x01010101) >>> 0;
        while (next + 4 <= end && words[next >> 2] === word) next += 4;
      }
      while (next < end && bytes[next] === byte) next++;
      foundValues[found] = byte;
      foundCounts[found] = next - i;
      if (++found === FOUND_RUNS) {
        this.runs(foundValues, foundCounts, 0, found, map);
        found = 0;
      }
      i = next;
    }
    this.runs(foundValues, foundCounts, 0, found, map);
  }

  /**
   * Runs `start` to `end` of a run list: `counts[i]` bytes of `map[values[i]]` each (a band's
   * coverage as the rasteriser's sweep left it, see render/runs.ts).
   */
  runs(values: Uint8Array, counts: Int32Array, start: number, end: number, map: Uint8Array): void {
    let { value: current, run, s1, s2, fed } = this;
    for (let i = start; i < end; i++) {
      const value = map[values[i] as number] as number;
      const count = counts[i] as number;
      fed += count;
      // Over n bytes of v the sums grow by s1 += n·v and s2 += n·s1 + v·n(n+1)/2; modulo the
      // prime 65521 both depend only on n mod 65521. Past the limits the sums are reduced,
      // which keeps every step exact in doubles (s1 below 2^25, s2 below 2^49).
      const k = count < ADLER_MOD ? count : count % ADLER_MOD;
      s2 += k * s1 + value * k * (k + 1) * 0.5;
      s1 += k * value;
      if (s1 >= S1_LIMIT || s2 >= S2_LIMIT) {
        s1 %= ADLER_MOD;
        s2 %= ADLER_MOD;
      }
      if (value === current) run += count;
      else {
        this.emit(current, run);
        current = value;
        run = count;
      }
    }
    this.fed = fed;
    this.value = current;
    this.run = run;
    this.s1 = s1;
    this.s2 = s2;
  }

  /** Every byte of `bytes`. */
  bytes(bytes: Uint8Array): void {
    this.mapped(bytes, 0, bytes.length, IDENTITY);
  }

  /** The symbols of every byte fed, and their Adler-32; the coder is spent. */
  finish(): { symbols: Uint16Array; adler: number } {
    this.emit(this.value, this.run);
    viewed = viewedWords = undefined; // keep no caller's array alive
    this.value = -1;
    this.reduce();
    return {
      symbols: this.symbols.subarray(0, this.size),
      adler: ((this.s2 << 16) | this.s1) >>> 0,
    };
  }

  private reduce(): void {
    this.s1 %= ADLER_MOD;
    this.s2 %= ADLER_MOD;
  }

  /** The symbols of a run of `run` bytes of `value` (none for value -1, before the first). */
  private emit(value: number, run: number): void {
    if (value < 0) return;
    let rest = run - 1;
    // A run of n bytes takes at most 1 + n/3 symbols: room for 2 + n/2 is enough.
    const most = this.size + 2 + (rest >>> 1);
    if (most > this.symbols.length) this.grow(most);
    const symbols = this.symbols;
    let t = this.size;
    symbols[t++] = value;
    while (rest >= 3) {
      const length = Math.min(rest, MAX_MATCH);
      symbols[t++] = 256 + length;
      rest -= length;
    }
    for (; rest > 0; rest--) symbols[t++] = value;
    this.size = t;
  }

  private grow(least: number): void {
    const bigger = symbolArray(Math.max(2 * this.symbols.length, least));
    bigger.set(this.symbols.subarray(0, this.size));
    this.symbols = bigger;
  }
}

/**
 * Symbols per dynamic block: codes fitted to each stretch of a tall band (zlib at memLevel 8
 * closes a block every 16,383; one block for a 4000x4000 band was 1.5% larger).
 */
const BLOCK_SYMBOLS = 16_384;

/** One dynamic-Huffman block of a coder's symbols. */
function writeRunBlock(out: BitWriter, symbols: Uint16Array, final: boolean): void {
  const counts = countArray(286).fill(0);
  for (let i = 0; i < symbols.length; i++) {
    const token = symbols[i] as number;
    const symbol = token < 256 ? token : (LENGTH_SYMBOL[token - 256] as number);
    counts[symbol] = (counts[symbol] as number) + 1;
  }
  counts[END_OF_BLOCK] = 1;
  const lengths = huffmanLengths(counts, 15);
  const codes = canonicalCodes(lengths);
  const reversed = codes.map((code, symbol) => reverseBits(code, lengths[symbol] as number));
  let hlit = 286;
  while (hlit > 257 && lengths[hlit - 1] === 0) hlit--;

  out.write(final ? 1 : 0, 1);
  out.write(2, 2); // dynamic Huffman
  writeDynamicHeader(out, lengths, hlit, (c) => huffmanLengths(c, 7));
  // Each symbol's bits at once: a literal's code; a match's length code, its extra bits and
  // distance 1 (the one distance code, a single 0 bit): at most 15 + 5 + 1 bits.
  const bits = new Int32Array(256 + MAX_MATCH + 1);
  const widths = new Uint8Array(256 + MAX_MATCH + 1);
  for (let literal = 0; literal < 256; literal++) {
    bits[literal] = reversed[literal] as number;
    widths[literal] = lengths[literal] as number;
  }
  for (let length = 3; length <= MAX_MATCH; length++) {
    const symbol = LENGTH_SYMBOL[length] as number;
    const width = lengths[symbol] as number;
    if (width === 0) continue;
    const extra = LENGTH_EXTRA_VALUE[length] as number;
    bits[256 + length] = (reversed[symbol] as number) | (extra << width);
    widths[256 + length] = width + (LENGTH_EXTRA_BITS[length] as number) + 1;
  }
  out.table(symbols, bits, widths);
  out.write(reversed[END_OF_BLOCK] as number, lengths[END_OF_BLOCK] as number);
}

const isEmpty = (part: Part) =>
  typeof part === 'number' ? part <= 0 : part instanceof Uint8Array && part.length === 0;

const ZLIB_HEADER = [0x78, 0xda];

/**
 * A zlib stream of `parts` in order: zero runs written as blocks of matches, other bytes
 * run-length coded, one block each.
 */
export function deflateRuns(parts: readonly Part[]): Buffer {
  const sum: Adler = { s1: 1, s2: 0 };
  const bits = new BitWriter(streamArray(1 << 16));
  bits.bytes(ZLIB_HEADER);
  const nonEmpty = parts.filter((part) => !isEmpty(part));
  if (nonEmpty.length === 0) writeEmptyBlock(bits);
  nonEmpty.forEach((part, i) => {
    const final = i === nonEmpty.length - 1;
    if (typeof part === 'number') {
      writeZeroBlock(bits, part, final);
      adlerZeros(sum, part);
    } else {
      const coder = new RunCoder();
      if (part instanceof Uint8Array) coder.bytes(part);
      else part(coder);
      const length = coder.length;
      const { symbols, adler } = coder.finish();
      // A block per BLOCK_SYMBOLS symbols, each with codes of its own (as zlib does).
      for (let start = 0; start < symbols.length || start === 0; start += BLOCK_SYMBOLS) {
        const last = start + BLOCK_SYMBOLS >= symbols.length;
        writeRunBlock(bits, symbols.subarray(start, start + BLOCK_SYMBOLS), final && last);
      }
      adlerAppend(sum, adler, length);
    }
  });
  bits.pad();
  const adler = ((sum.s2 << 16) | sum.s1) >>> 0;
  bits.bytes([adler >>> 24, (adler >>> 16) & 255, (adler >>> 8) & 255, adler & 255]);
  return bits.take();
}
