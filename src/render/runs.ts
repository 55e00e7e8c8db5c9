/**
 * Coverage as runs, row by row: what the rasteriser's sweep knows anyway (between two cells an
 * edge wrote, a row's coverage holds), kept so that the PNG encoder can feed the run coder
 * run by run instead of writing every pixel's byte and scanning it again for runs.
 */
import { scratchArray } from '../scratch.js';

/** Run arrays kept between pictures (5 bytes a run), up to 4 MB. */
const valueArray = scratchArray((n) => new Uint8Array(n), 1 << 20, 1 << 14);
const countArray = scratchArray((n) => new Int32Array(n), 4 << 20, 1 << 14);

/**
 * A grid's coverage (0..255) as runs: run i is `counts[i]` pixels of `values[i]`, row y's runs
 * are `rowStarts[y]` up to `rowStarts[y + 1]`, and each row's counts add up to the width. Two
 * neighbours in a row never share a value. Built row by row with `row` and `add`.
 *
 * With `scratch`, the run arrays are kept for the thread and reused by the next grid: for a
 * caller done with these runs before it draws again.
 */
export class CoverageRuns {
  readonly width: number;
  readonly height: number;
  readonly rowStarts: Int32Array;
  values: Uint8Array;
  counts: Int32Array;
  /** Runs so far. */
  size = 0;
  private readonly scratch: boolean;
  private rows = 0;
  /** Pixels of the current row so far. */
  private filled = 0;

  constructor(width: number, height: number, scratch = false) {
    this.width = width;
    this.height = height;
    this.scratch = scratch;
    this.rowStarts = new Int32Array(height + 1);
    const room = Math.max(64, 4 * height);
    this.values = scratch ? valueArray(room) : new Uint8Array(room);
    this.counts = scratch ? countArray(room) : new Int32Array(room);
  }

  /** End the current row (its rest is zero coverage) and start the next. */
  row(): void {
    if (this.rows > 0) this.add(0, this.width - this.filled);
    this.rowStarts[this.rows] = this.size;
    this.rows++;
    this.filled = 0;
  }

  /** `count` more pixels of coverage `value` in the current row. */
  add(value: number, count: number): void {
    if (count <= 0) return;
    this.filled += count;
    const size = this.size;
    if (size > (this.rowStarts[this.rows - 1] as number) && this.values[size - 1] === value) {
      this.counts[size - 1] = (this.counts[size - 1] as number) + count;
      return;
    }
    if (size === this.values.length) this.grow();
    this.values[size] = value;
    this.counts[size] = count;
    this.size = size + 1;
  }

  /** End the last row: every row has been given. */
  finish(): void {
    while (this.rows < this.height) this.row();
    if (this.rows > 0) this.add(0, this.width - this.filled);
    this.rowStarts[this.height] = this.size;
  }

  /** Write the coverage into `out`, `width` bytes a row (only the runs that are not zero). */
  fillBytes(out: Uint8Array): void {
    const { values, counts, size } = this;
    for (let i = 0, at = 0; i < size; i++) {
      const value = values[i] as number;
      const count = counts[i] as number;
      if (value !== 0) {
        if (count < 16) for (let k = at; k < at + count; k++) out[k] = value;
        else out.fill(value, at, at + count);
      }
      at += count;
    }
  }

  private grow(): void {
    const length = 2 * this.values.length;
    const values = this.scratch ? valueArray(length) : new Uint8Array(length);
    const counts = this.scratch ? countArray(length) : new Int32Array(length);
    values.set(this.values.subarray(0, this.size));
    counts.set(this.counts.subarray(0, this.size));
    this.values = values;
    this.counts = counts;
  }
}
