/**
 * The body of a render worker thread (piscina): spec in, encoded bytes out. Encoded images are
 * small (kilobytes, a few hundred at most), so they are copied back rather than transferred.
 */
import { setPriority } from 'node:os';
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

export interface WorkerResult {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly format: ImageSpec['format'];
  readonly etag: string;
}

export default async function renderInWorker(spec: ImageSpec): Promise<WorkerResult> {
  const image = await renderImage(spec);
  return {
    body: image.body,
    contentType: image.contentType,
    format: image.format,
    etag: image.etag,
  };
}
