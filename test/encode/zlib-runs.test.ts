import { constants, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflateRuns, type Feed, type Part, type RunCoder } from '../../src/encode/zlib-runs.js';

/** What a feeding function feeds, beside it: the bytes the stream must inflate to. */
const fed = new WeakMap<Feed, Uint8Array>();

const expand = (parts: readonly Part[]) =>
  Buffer.concat(
    parts.map((p) =>
      typeof p === 'number'
        ? Buffer.alloc(p)
        : Buffer.from(p instanceof Uint8Array ? p : (fed.get(p) ?? [])),
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

/**
 * A function that feeds a coder `bytes` the ways a caller feeds one: zeros by the count, runs
 * of one value of every length around 3 and 258 (whole, or a byte at a time), and slices of
 * `bytes` (misaligned ones too), as bytes or as runs.
 */
function feed(bytes: Uint8Array, next: (n: number) => number): Feed {
  const steps: ((coder: RunCoder) => void)[] = [];
  const all: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const take = Math.min(bytes.length - i, 1 + next(40));
    const how = next(5);
    if (how === 0) {
      steps.push((coder) => coder.repeat(0, take));
      all.push(...new Array<number>(take).fill(0));
    } else if (how === 1) {
      const value = next(2) ? 0 : 1 + next(255);
      const run = [1, 2, 3, 4, 257, 258, 259, 260, 261, 517][next(10)] ?? 1;
      const whole = next(2) === 1;
      steps.push((coder) => {
        if (whole) coder.repeat(value, run);
        else for (let k = 0; k < run; k++) coder.repeat(value, 1);
      });
      all.push(...new Array<number>(run).fill(value));
    } else if (how === 2) {
      // As a run list (render/runs.ts), through a map that swaps two values.
      const slice = bytes.subarray(i, i + take);
      const values: number[] = [];
      const counts: number[] = [];
      for (const byte of slice) {
        if (values.at(-1) === byte) counts[counts.length - 1] = (counts.at(-1) ?? 0) + 1;
        else {
          values.push(byte);
          counts.push(1);
        }
      }
      const map = Uint8Array.from({ length: 256 }, (_, v) => (v === 1 ? 2 : v === 2 ? 1 : v));
      const [v, c] = [Uint8Array.from(values), Int32Array.from(counts)];
      steps.push((coder) => coder.runs(v, c, 0, v.length, map));
      all.push(...Array.from(slice, (byte) => map[byte] as number));
    } else {
      const slice = bytes.subarray(i, i + take);
      steps.push((coder) => coder.bytes(slice));
      all.push(...slice);
    }
    i += take;
  }
  const feeding: Feed = (coder) => {
    for (const step of steps) step(coder);
  };
  fed.set(feeding, Uint8Array.from(all));
  return feeding;
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
          if (next(2)) parts.push(bytes);
          else parts.push(feed(bytes, next));
        }
      }
      // inflateSync checks the Adler-32 trailer: a wrong sum throws.
      const out = inflateSync(deflateRuns(parts));
      expect(out.equals(expand(parts))).toBe(true);
    }
  });

  it('carries the Adler-32 over runs far longer than zlib sums at once', () => {
    const runs: [number, number][] = [
      [255, 1_000_000],
      [0, 3_000_000],
      [1, 65_521],
      [254, 65_522],
      [0, 1],
      [128, 131_042],
    ];
    const long: Feed = (coder) => {
      for (const [value, count] of runs) coder.repeat(value, count);
    };
    fed.set(long, Buffer.concat(runs.map(([value, count]) => Buffer.alloc(count, value))));
    const parts: Part[] = [5, long, 7];
    expect(inflateSync(deflateRuns(parts)).equals(expand(parts))).toBe(true);
  });

  it('codes parts that are fed one after another, each with its own codes', () => {
    const text = Uint8Array.from([1, 2, 3, 9, 9, 9, 9, 9]);
    const parts: Part[] = [text, feed(Uint8Array.from([4, 5, 6]), random(3)), 3, text];
    expect(inflateSync(deflateRuns(parts)).equals(expand(parts))).toBe(true);
  });

  it('splits a long part into blocks with codes of their own', () => {
    const next = random(11);
    // 60,000 bytes with short runs: well over one block's 16,384 symbols.
    const bytes = Uint8Array.from({ length: 60_000 }, () => (next(4) === 0 ? 0 : 1 + next(3)));
    const parts: Part[] = [100, bytes, feed(bytes, next)];
    expect(inflateSync(deflateRuns(parts)).equals(expand(parts))).toBe(true);
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
