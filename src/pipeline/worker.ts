/**
 * The body of a render worker thread (piscina): spec in, encoded bytes out. Encoded images are
 * small (kilobytes, a few hundred at most), so they are copied back rather than transferred.
 *
 * Memory: a render's canvases hold native memory (Skia surfaces) that V8 cannot see, so it
 * never collects garbage for their sake, and a thread that makes little JavaScript garbage
 * may not collect for minutes while gigabytes of dead canvases wait (4000x4000 SVGs of emoji:
 * 2.9 GB after ten seconds). So the thread counts the native bytes its renders left for the
 * collector (render/canvas.ts: pixels read back, canvases kept; not the surfaces released at
 * once, which an estimate from the picture's size had counted, making a two-colour 800x700 PNG
 * collect every 29 renders) and collects itself once they pass NATIVE_BUDGET, and once more
 * when it falls idle; the canvases' finalizers then free their memory as the thread's event
 * loop turns (which is why the pool must not park idle threads in Atomics.wait; see pool.ts).
 */
import { setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { takeNativeBytes } from '../render/canvas.js';
import type { ImageSpec } from '../spec/types.js';
import { renderImage } from './index.js';

// Renders yield the CPU to the HTTP thread: on Linux a thread has its own nice value, and
// setPriority(0, …) sets the calling thread's. So cached and small answers stay fast while
// every core renders. (Where it cannot be set, renders simply run at normal priority.)
try {
  setPriority(0, 10);
} catch {
  // not permitted here: keep the default
}

/** V8's collector, asked for by name: a worker cannot be given --expose-gc on its own. */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => gc() : undefined;
  } catch {
    return undefined;
  }
}
const collect = collector();

/** Native bytes allocated since the last collection that trigger the next one. */
const NATIVE_BUDGET = 64 * 1024 * 1024;
/** A thread idle this long collects what its last renders left. */
const IDLE_COLLECT_MS = 500;

let uncollected = 0;
let idleTimer: NodeJS.Timeout | undefined;

function collectNow(): void {
  uncollected = 0;
  collect?.();
}

export interface WorkerResult {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly format: ImageSpec['format'];
  readonly etag: string;
}

/** Cheap renders of one turn of the HTTP thread's event loop, one after another. */
export async function renderBatch(specs: readonly ImageSpec[]): Promise<WorkerResult[]> {
  const results: WorkerResult[] = [];
  for (const spec of specs) results.push(await renderInWorker(spec));
  return results;
}

export default async function renderInWorker(spec: ImageSpec): Promise<WorkerResult> {
  clearTimeout(idleTimer);
  const image = await renderImage(spec);
  uncollected += takeNativeBytes();
  if (uncollected >= NATIVE_BUDGET) collectNow();
  else if (uncollected > 0) idleTimer = setTimeout(collectNow, IDLE_COLLECT_MS);
  return {
    body: image.body,
    contentType: image.contentType,
    format: image.format,
    etag: image.etag,
  };
}
