/**
 * The prefix-code helpers shared by the deflate runs and the WebP writer (encode/bits.ts):
 * Huffman lengths within a limit always make a complete code, most frequent symbols shortest;
 * canonical codes are prefix-free; the bit writer packs low bits first.
 */
import { describe, expect, it } from 'vitest';
import { BitWriter, canonicalCodes, huffmanLengths } from '../../src/encode/bits.js';

/** Kraft's sum over the used symbols: exactly 1 for a complete prefix code. */
const kraft = (lengths: Uint8Array) =>
  Array.from(lengths).reduce((sum, length) => sum + (length > 0 ? 2 ** -length : 0), 0);

describe('huffmanLengths', () => {
  it('gives a lone symbol one bit and unused symbols none', () => {
    expect(Array.from(huffmanLengths([0, 0, 5, 0], 15))).toEqual([0, 0, 1, 0]);
    expect(Array.from(huffmanLengths([0, 0, 0], 15))).toEqual([0, 0, 0]);
  });

  it('makes complete codes, equal counts balanced', () => {
    const lengths = huffmanLengths(new Array(8).fill(3), 15);
    expect(Array.from(lengths)).toEqual(new Array(8).fill(3));
    expect(kraft(huffmanLengths([1, 1, 1], 15))).toBe(1);
  });

  it.each([7, 15])(
    'keeps Fibonacci counts (the deepest tree) within %d bits, complete',
    (limit) => {
      const counts: number[] = [1, 1];
      while (counts.length < 30) counts.push((counts.at(-1) ?? 0) + (counts.at(-2) ?? 0));
      const lengths = huffmanLengths(counts, limit);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(limit);
      expect(kraft(lengths)).toBe(1);
      // More frequent, never longer.
      for (let i = 1; i < counts.length; i++) {
        expect(lengths[i] as number).toBeLessThanOrEqual(lengths[i - 1] as number);
      }
    },
  );

  it('refuses more symbols than the limit can code', () => {
    expect(() => huffmanLengths(new Array(129).fill(1), 7)).toThrow(RangeError);
  });
});

describe('canonicalCodes and BitWriter', () => {
  it('gives prefix-free codes in symbol order within each length', () => {
    const lengths = huffmanLengths([10, 1, 1, 5, 3, 0, 2], 15);
    const codes = canonicalCodes(lengths);
    const words = Array.from(lengths).flatMap((length, symbol) =>
      length > 0 ? [(codes[symbol] as number).toString(2).padStart(length, '0')] : [],
    );
    for (const a of words) {
      for (const b of words) if (a !== b) expect(b.startsWith(a)).toBe(false);
    }
  });

  it('packs fields low bit first and codes high bit first', () => {
    const out = new BitWriter();
    out.write(0b101, 3);
    out.code(0b110, 3); // reversed: 011
    out.write(0b11, 2);
    expect(Array.from(out.take())).toEqual([0b11_011_101]);
    out.zeros(12);
    out.write(1, 1);
    expect(Array.from(out.take())).toEqual([0, 0b0001_0000]);
  });

  it('writes symbols through a table as write() writes them one by one', () => {
    const codes = Int32Array.from(
      { length: 300 },
      (_, s) => (s * 2654435761) % 2 ** (1 + (s % 21)),
    );
    const widths = Uint8Array.from({ length: 300 }, (_, s) => 1 + (s % 21));
    // More symbols than one chunk of room, after a field that leaves 3 bits pending.
    const symbols = Uint16Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 300);
    const [table, single] = [new BitWriter(16), new BitWriter(16)];
    table.write(0b101, 3);
    single.write(0b101, 3);
    table.table(symbols, codes, widths);
    for (const s of symbols) single.write(codes[s] as number, widths[s] as number);
    expect(table.take().equals(single.take())).toBe(true);
  });
});
