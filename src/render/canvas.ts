/**
 * Canvases whose pixels are freed when a render is done with them, not when the garbage
 * collector gets round to it. A Skia surface lives in native memory that V8 does not count, so
 * a dead canvas can hold megabytes until a collection that nothing prompts (measured: 300 dead
 * 2000x2000 canvases, 4.9 GB). Shrinking a canvas to one pixel drops its surface at once.
 */
import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/** A bitmap canvas of `width` x `height` for `use`, its surface freed as soon as `use` returns. */
export function withCanvas<T>(width: number, height: number, use: (canvas: Canvas) => T): T {
  const canvas = createCanvas(width, height);
  try {
    return use(canvas);
  } finally {
    release(canvas);
  }
}

/** Drop a canvas's surface now (it keeps working, as a canvas of one pixel). */
export function release(canvas: Canvas): void {
  canvas.width = 1;
  canvas.height = 1;
}

/**
 * Larger than this, a canvas is made for the one render and freed after it; up to it, one
 * canvas per thread is kept and reused: a new canvas costs its allocation and page faults
 * (0.6 ms for 600x140), more than drawing the text on it.
 */
const SCRATCH_MAX_PIXELS = 4_000_000;
let scratch: Canvas | undefined;

/**
 * A cleared, untransformed canvas at least `width` x `height` for `use`, which reads back only
 * that corner (getImageData). Reused by the thread's renders when it is not too big.
 */
export function withScratchCanvas<T>(
  width: number,
  height: number,
  use: (ctx: SKRSContext2D) => T,
): T {
  if (width * height > SCRATCH_MAX_PIXELS) {
    return withCanvas(width, height, (canvas) => use(canvas.getContext('2d')));
  }
  if (!scratch || scratch.width < width || scratch.height < height) {
    if (scratch) release(scratch);
    // Grown a little beyond the ask, so that a run of slightly larger bands does not regrow it.
    const w = Math.min(Math.max(width, scratch?.width ?? 0, 256), 4000);
    const h = Math.min(
      Math.max(height, scratch?.height ?? 0, 64),
      Math.floor(SCRATCH_MAX_PIXELS / w),
    );
    scratch = createCanvas(Math.max(w, width), Math.max(h, height));
  }
  const ctx = scratch.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return use(ctx);
}

let measuring: SKRSContext2D | undefined;

/** One context per thread for measuring text, never drawn on. */
export function measuringContext(): SKRSContext2D {
  measuring ??= createCanvas(1, 1).getContext('2d');
  return measuring;
}
