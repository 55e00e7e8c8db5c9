/**
 * Filling outlines into anti-aliased coverage, by signed-area accumulation (the method of
 * font-rs and of stb_truetype's second rasteriser; FreeType's "smooth" rasteriser computes the
 * same exact-area coverage): each edge adds, to the cells of every row it crosses, the area it
 * covers there and the change of winding it causes; a running sum along each row is then the
 * coverage of every pixel. Non-zero winding: overlapping contours of one direction (variable
 * fonts keep their overlaps) sum past 1 and are clamped to full, counter-contours cancel.
 *
 * Why by hand: Skia fills these outlines perfectly well, but a canvas, a surface and reading
 * its pixels back cost about half a millisecond per picture at placeholder sizes, more than
 * filling the few hundred edges of a line of text. No npm library fills paths into a coverage
 * buffer without a canvas of its own around it.
 */

import { scratchArray } from '../scratch.js';
import type { Command } from './outlines.js';
import type { CoverageRuns } from './runs.js';

/** Curves are cut into lines no farther than this from the curve, in pixels. */
const TOLERANCE = 0.05;
const MAX_SEGMENTS = 100;
const HALF_LEVEL = 0.5 / 255;

/** The first set bit of `bits` from `from` on, or `to` if there is none before it. */
function nextTouched(bits: Int32Array, from: number, to: number): number {
  for (let i = from; i < to; i = (i | 31) + 1) {
    const word = (bits[i >>> 5] as number) >>> (i & 31);
    if (word !== 0) return Math.min(to, i + 31 - Math.clz32(word & -word));
  }
  return to;
}

/** |(x, y)|: Math.hypot boxes its arguments (a twentieth of the garbage under cold load). */
function length(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

/** Lines to cut a curve into whose second differences measure `dd` pixels. */
function segments(dd: number): number {
  return Math.min(MAX_SEGMENTS, Math.max(1, Math.ceil(Math.sqrt(dd / (4 * TOLERANCE)))));
}

/**
 * Accumulation cells kept between pictures: 2M at most (8 MB), since a taller band is
 * accumulated and swept in strips of rows that fit (a fresh 15 MB array for a 4000x4000
 * picture's band cost 45 ms in page faults here).
 */
const STRIP_CELLS = 1 << 21;
const cellsArray = scratchArray((n) => new Float32Array(n), 4 * STRIP_CELLS, 1 << 16);
/** The buffer of cells known to be all zero: the last one coverage() swept, until reused. */
let zeroCells: ArrayBufferLike | undefined;
/** Edges waiting to be accumulated, four numbers each, kept between pictures up to 4 MB. */
const edgeArray = scratchArray((n) => new Float64Array(n), 4 << 20, 1 << 14);
/** One bit per cell: has any edge written it (so the sum can change there)? */
const touchedArray = scratchArray((n) => new Int32Array(n), 1 << 20, 1 << 12);

/**
 * A `width` x `height` grid of coverage accumulation; coordinates in its pixels, x to the
 * right and y down. Every point given must lie inside [0, width] x [0, height].
 *
 * Outlines are first cut into edges kept in a flat array, then summed into the cells in one
 * loop: passing a number to a function that is not inlined boxes it on the heap, and edge by
 * edge calls made a third of the HTTP thread's garbage under cold load.
 */
export class Accumulator {
  readonly width: number;
  readonly height: number;
  /**
   * One strip of rows (`stripRows` of them), row-major, each row `width + 2` cells: an edge
   * at the right border writes one beyond.
   */
  private readonly cells: Float32Array;
  private readonly stripRows: number;
  private readonly stride: number;
  /** Per row, the first and one past the last cell any edge wrote: the rest stays empty. */
  private readonly spans: Int32Array;
  /** Edges not yet accumulated: x0, y0, x1, y1 each, `count` numbers in all. */
  private edges: Float64Array;
  private count = 0;
  /** Bit i set: cell i was written. Between written cells a row's sum stays the same. */
  private readonly touched: Int32Array;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.stride = width + 2;
    this.spans = new Int32Array(2 * height);
    for (let y = 0; y < height; y++) this.spans[2 * y] = this.stride;
    this.stripRows = Math.max(1, Math.min(height, Math.floor(STRIP_CELLS / this.stride)));
    const cells = cellsArray(this.stride * this.stripRows);
    // coverage() leaves the cells it read at zero: then the kept array needs no clearing.
    if (cells.buffer !== zeroCells) new Float32Array(cells.buffer).fill(0);
    zeroCells = undefined;
    this.cells = cells;
    this.touched = touchedArray(((this.stride * this.stripRows) >>> 5) + 1);
    this.edges = edgeArray(1 << 14);
  }

  /** An edge from (x0, y0) to (x1, y1); its direction gives the sign of its winding. */
  line(x0: number, y0: number, x1: number, y1: number): void {
    if (y0 === y1) return;
    if (this.count + 4 > this.edges.length) this.grow();
    const edges = this.edges;
    const i = this.count;
    edges[i] = x0;
    edges[i + 1] = y0;
    edges[i + 2] = x1;
    edges[i + 3] = y1;
    this.count = i + 4;
  }

  private grow(): void {
    const bigger = edgeArray(2 * this.edges.length);
    bigger.set(this.edges.subarray(0, this.count));
    this.edges = bigger;
  }

  /**
   * An outline as Skia's SVG canvas writes it (absolute M, L, Q, C, Z), each point moved to
   * (dx + x · scale, dy + y · scale). Contours left open are closed, as a fill closes them.
   * Curves are cut into lines here, in place (see the class comment).
   */
  path(commands: readonly Command[], dx: number, dy: number, scale: number): void {
    let startX = 0;
    let startY = 0;
    let penX = 0;
    let penY = 0;
    for (const { op, args: a } of commands) {
      if (op === 'M') {
        if (penX !== startX || penY !== startY) this.line(penX, penY, startX, startY);
        startX = penX = dx + (a[0] as number) * scale;
        startY = penY = dy + (a[1] as number) * scale;
      } else if (op === 'L') {
        const x = dx + (a[0] as number) * scale;
        const y = dy + (a[1] as number) * scale;
        this.line(penX, penY, x, y);
        penX = x;
        penY = y;
      } else if (op === 'Q') {
        const cx = dx + (a[0] as number) * scale;
        const cy = dy + (a[1] as number) * scale;
        const x1 = dx + (a[2] as number) * scale;
        const y1 = dy + (a[3] as number) * scale;
        // Uniform steps stay within |p0 - 2c + p1| / (4 n²) of the curve.
        const dd = length(penX - 2 * cx + x1, penY - 2 * cy + y1);
        const n = segments(dd);
        const x0 = penX;
        const y0 = penY;
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const u = 1 - t;
          const x = u * u * x0 + 2 * u * t * cx + t * t * x1;
          const y = u * u * y0 + 2 * u * t * cy + t * t * y1;
          this.line(penX, penY, x, y);
          penX = x;
          penY = y;
        }
        penX = x1;
        penY = y1;
      } else if (op === 'C') {
        const c1x = dx + (a[0] as number) * scale;
        const c1y = dy + (a[1] as number) * scale;
        const c2x = dx + (a[2] as number) * scale;
        const c2y = dy + (a[3] as number) * scale;
        const x1 = dx + (a[4] as number) * scale;
        const y1 = dy + (a[5] as number) * scale;
        const x0 = penX;
        const y0 = penY;
        // Uniform steps stay within 3 max|second differences| / (4 n²) of the curve.
        const dd = Math.max(
          length(x0 - 2 * c1x + c2x, y0 - 2 * c1y + c2y),
          length(c1x - 2 * c2x + x1, c1y - 2 * c2y + y1),
        );
        const n = segments(3 * dd);
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const u = 1 - t;
          const x = u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x1;
          const y = u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y1;
          this.line(penX, penY, x, y);
          penX = x;
          penY = y;
        }
        penX = x1;
        penY = y1;
      } else if (op === 'Z') {
        this.line(penX, penY, startX, startY);
        penX = startX;
        penY = startY;
      }
    }
    if (penX !== startX || penY !== startY) this.line(penX, penY, startX, startY);
  }

  /** Add every waiting edge's area and winding to the cells of the rows it crosses. */
  private accumulate(first: number, end: number): void {
    const { cells, stride, spans, edges, count, touched } = this;
    for (let e = 0; e < count; e += 4) {
      let x0 = edges[e] as number;
      let y0 = edges[e + 1] as number;
      let x1 = edges[e + 2] as number;
      let y1 = edges[e + 3] as number;
      let dir = 1;
      if (y0 > y1) {
        dir = -1;
        let t = x0;
        x0 = x1;
        x1 = t;
        t = y0;
        y0 = y1;
        y1 = t;
      }
      const dxdy = (x1 - x0) / (y1 - y0);
      let x = x0;
      const yEnd = Math.min(end, Math.ceil(y1));
      // Rows above the strip only move x along, by the same steps as when they are drawn.
      for (let y = Math.max(0, Math.floor(y0)); y < yEnd; y++) {
        const dy = Math.min(y + 1, y1) - Math.max(y, y0);
        const xNext = x + dxdy * dy;
        if (y < first) {
          x = xNext;
          continue;
        }
        const row = (y - first) * stride;
        const d = dy * dir;
        const left = Math.min(x, xNext);
        const right = Math.max(x, xNext);
        const leftCell = Math.floor(left);
        const rightCell = Math.ceil(right);
        if (leftCell < (spans[2 * y] as number)) spans[2 * y] = leftCell;
        if (rightCell + 2 > (spans[2 * y + 1] as number)) spans[2 * y + 1] = rightCell + 2;
        // The cells written below: leftCell to rightCell, or to leftCell + 1 within one.
        const lastCell = row + Math.max(rightCell, leftCell + 1);
        for (let cell = row + leftCell; cell <= lastCell; cell++) {
          touched[cell >>> 5] = (touched[cell >>> 5] as number) | (1 << (cell & 31));
        }
        if (rightCell <= leftCell + 1) {
          // Within one cell: the area left of the edge's mid point goes to the next cell.
          const mid = 0.5 * (x + xNext) - leftCell;
          cells[row + leftCell] = (cells[row + leftCell] as number) + d - d * mid;
          cells[row + leftCell + 1] = (cells[row + leftCell + 1] as number) + d * mid;
        } else {
          const s = 1 / (right - left);
          const leftFrac = left - leftCell;
          const a0 = 0.5 * s * (1 - leftFrac) * (1 - leftFrac);
          const rightFrac = right - rightCell + 1;
          const am = 0.5 * s * rightFrac * rightFrac;
          cells[row + leftCell] = (cells[row + leftCell] as number) + d * a0;
          if (rightCell === leftCell + 2) {
            cells[row + leftCell + 1] = (cells[row + leftCell + 1] as number) + d * (1 - a0 - am);
          } else {
            const a1 = s * (1.5 - leftFrac);
            cells[row + leftCell + 1] = (cells[row + leftCell + 1] as number) + d * (a1 - a0);
            for (let cell = leftCell + 2; cell < rightCell - 1; cell++) {
              cells[row + cell] = (cells[row + cell] as number) + d * s;
            }
            const a2 = a1 + (rightCell - leftCell - 3) * s;
            cells[row + rightCell - 1] = (cells[row + rightCell - 1] as number) + d * (1 - a2 - am);
          }
          cells[row + rightCell] = (cells[row + rightCell] as number) + d * am;
        }
        x = xNext;
      }
    }
  }

  /**
   * The coverage of every pixel, 0..255, as runs (a new `out`, `width` x `height`), marking in
   * `used` each value that occurs. The sweep goes from written cell to written cell: between
   * them a row's sum, so its coverage, holds.
   */
  runs(out: CoverageRuns, used: Uint8Array): void {
    const { cells, stride, width, height, spans, touched, stripRows } = this;
    for (let first = 0; first < height; first += stripRows) {
      const end = Math.min(height, first + stripRows);
      touched.fill(0);
      this.accumulate(first, end);
      for (let y = first; y < end; y++) {
        out.row();
        const row = (y - first) * stride;
        // Written cells reach past the picture's right edge (at most to the stride).
        const written = spans[2 * y + 1] as number;
        let x = spans[2 * y] as number;
        if (x < written) out.add(0, Math.min(x, width));
        let sum = 0;
        while (x < written) {
          sum += cells[row + x] as number;
          cells[row + x] = 0;
          const next = nextTouched(touched, row + x + 1, row + written) - row;
          const to = Math.min(next, width);
          if (x < to) {
            // Sums drift from zero by rounding: below half a level is no coverage.
            let c = 0;
            if (sum >= HALF_LEVEL || sum <= -HALF_LEVEL) {
              const a = sum < 0 ? -sum : sum;
              c = a >= 1 ? 255 : (a * 255 + 0.5) | 0;
              used[c] = 1;
            }
            out.add(c, to - x);
          }
          x = next;
        }
      }
    }
    out.finish();
    this.count = 0;
    zeroCells = cells.buffer;
  }
}
