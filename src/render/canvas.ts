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

let pendingNative = 0;

/**
 * Count `bytes` of native memory that only the garbage collector will free: pixels read back
 * from a canvas (the surfaces themselves are released at once, above) and canvases kept past a
 * render. Render threads collect when enough has piled up (pipeline/worker.ts).
 */
export function noteNativeBytes(bytes: number): void {
  pendingNative += bytes;
}

/** The native bytes noted since the last call, in this thread. */
export function takeNativeBytes(): number {
  const bytes = pendingNative;
  pendingNative = 0;
  return bytes;
}

let measuring: SKRSContext2D | undefined;

/** One context per thread for measuring text, never drawn on. */
export function measuringContext(): SKRSContext2D {
  measuring ??= createCanvas(1, 1).getContext('2d');
  return measuring;
}
