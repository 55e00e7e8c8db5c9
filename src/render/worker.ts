/**
 * The body of a render worker thread (piscina): spec in, encoded bytes out. Encoded images are
 * small (kilobytes, a few hundred at most), so they are copied back rather than transferred.
 */
import type { ImageSpec } from '../spec/types.js';
import { renderImage } from './index.js';

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
