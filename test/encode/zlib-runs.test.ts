import { constants, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, deflateRuns, type Part } from '../../src/encode/zlib-runs.js';

const expand = (parts: readonly Part[]) =>
  Buffer.concat(
    parts.map((p) =>
      typeof p === 'number' ? Buffer.alloc(p) : Buffer.from(p instanceof Uint8Array ? p : p.bytes),
    ),
  );

/** A small deterministic generator, so a failure names the same case every run. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

describe('deflateRuns', () => {
  it('writes runs of every awkward length that zlib inflates to exactly those zeros', () => {
    // 1 and 2: literals only; 3..257 past a multiple of 258 plus one: a shorter tail match.
    const lengths = [1, 2, 3, 4, 10, 11, 258, 259, 260, 261, 262, 516, 517, 518, 774, 65_536];
    for (const n of [...lengths, 1 << 20]) {
      const out = inflateSync(deflateRuns([n]));
      expect(out.length).toBe(n);
      expect(out.equals(Buffer.alloc(n))).toBe(true);
    }
  });

  it('joins zero runs and compressed bytes in any order, with a correct Adler-32', () => {
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const parts: Part[] = [];
      for (let j = 0, count = 1 + next(4); j < count; j++) {
        if (next(2) === 0) parts.push(next(20_000));
        else {
          const bytes = Uint8Array.from({ length: next(3_000) }, () => (next(3) ? 0 : next(256)));
          // Some parts come with their Adler-32 computed by the caller.
          parts.push(next(2) ? bytes : { bytes, adler: adler32(bytes) });
        }
      }
      // inflateSync checks the Adler-32 trailer: a wrong sum throws.
      const out = inflateSync(deflateRuns(parts, { level: 9, strategy: constants.Z_RLE }));
      expect(out.equals(expand(parts))).toBe(true);
    }
  });

  it('makes a valid empty stream', () => {
    expect(inflateSync(deflateRuns([])).length).toBe(0);
    expect(inflateSync(deflateRuns([0, new Uint8Array(0)])).length).toBe(0);
  });

  it('is about as small as zlib for placeholder rows', () => {
    const rows = 801 * 700;
    const ours = deflateRuns([rows]).length;
    const zlib = deflateSync(Buffer.alloc(rows), { level: 9, strategy: constants.Z_RLE }).length;
    expect(ours).toBeLessThanOrEqual(zlib + 16);
  });
});
