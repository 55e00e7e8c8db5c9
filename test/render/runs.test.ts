/** Coverage as runs (render/runs.ts): what the sweep gives the PNG encoder instead of bytes. */
import { describe, expect, it } from 'vitest';
import { CoverageRuns } from '../../src/render/runs.js';

/** The runs of each row, as [value, count] pairs. */
const rowsOf = (runs: CoverageRuns) =>
  Array.from({ length: runs.height }, (_, y) => {
    const row: [number, number][] = [];
    for (let i = runs.rowStarts[y] as number; i < (runs.rowStarts[y + 1] as number); i++) {
      row.push([runs.values[i] as number, runs.counts[i] as number]);
    }
    return row;
  });

describe('CoverageRuns', () => {
  it('joins neighbours of one value, fills each row to its width, and rows never given', () => {
    const runs = new CoverageRuns(10, 3);
    runs.row();
    runs.add(0, 2);
    runs.add(0, 1);
    runs.add(255, 4);
    runs.add(7, 0); // nothing
    runs.add(255, 1);
    runs.row();
    runs.add(0, 10);
    runs.finish(); // row 2 was never started
    expect(rowsOf(runs)).toEqual([
      [
        [0, 3],
        [255, 5],
        [0, 2],
      ],
      [[0, 10]],
      [[0, 10]],
    ]);
    // A run never continues from one row into the next.
    expect(runs.rowStarts[3]).toBe(5);
  });

  it('writes the bytes it describes, row after row', () => {
    const runs = new CoverageRuns(4, 2);
    runs.row();
    runs.add(0, 1);
    runs.add(9, 3);
    runs.row();
    runs.add(200, 2);
    runs.finish();
    const out = new Uint8Array(8);
    runs.fillBytes(out);
    expect(Array.from(out)).toEqual([0, 9, 9, 9, 200, 200, 0, 0]);
  });

  it('grows past its first room, kept arrays too, and keeps what it had', () => {
    for (const scratch of [false, true]) {
      const runs = new CoverageRuns(3000, 1, scratch);
      runs.row();
      for (let x = 0; x < 1500; x++) runs.add(x % 2 ? 255 : 0, 2);
      runs.finish();
      expect(runs.size).toBe(1500);
      const out = new Uint8Array(3000);
      runs.fillBytes(out);
      expect(out.every((c, x) => c === ((x >> 1) % 2 ? 255 : 0))).toBe(true);
    }
  });
});
