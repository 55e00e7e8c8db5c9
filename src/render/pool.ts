/**
 * Where renders run. Cheap ones (SVG, small rasters) run inline: they take a millisecond or
 * two and queueing them behind a 4000x4000 AVIF would make them slow. Costly ones go to a
 * bounded pool of worker threads (piscina) with a bounded queue: when the queue is full the
 * render is refused at once (503 with Retry-After), and a render that runs past its deadline
 * is abandoned (its worker is terminated) with a 503, so the event loop never waits on pixels.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { StandinError } from '../errors.js';
import type { ImageSpec } from '../spec/types.js';
import { type RenderedImage, renderImage } from './index.js';
import type { WorkerResult } from './worker.js';

export interface RendererStats {
  /** Renders waiting for a worker. */
  readonly queued: number;
  /** Renders running in workers. */
  readonly running: number;
  readonly threads: number;
  readonly maxQueue: number;
}

export interface Renderer {
  /** Render `spec`; `signal` abandons a render nobody waits for any more. */
  render(spec: ImageSpec, signal?: AbortSignal): Promise<RenderedImage>;
  stats(): RendererStats;
  close(): Promise<void>;
}

/** Relative cost of a pixel, from bench/micro.ts at 4000x4000 (docs/benchmarks.md). PNG is 1. */
const FORMAT_COST: Readonly<Record<ImageSpec['format'], number>> = {
  svg: 0,
  png: 1,
  gif: 2,
  jpeg: 4,
  webp: 9,
  avif: 9,
};

/** Renders cheaper than this many PNG-pixel equivalents run inline (about 2 ms of work). */
const INLINE_BUDGET = 250_000;

/** The cost estimate used to choose inline or pool: output pixels × the format's weight. */
export function renderCost(spec: ImageSpec): number {
  const pixels = spec.width * spec.height * spec.scale * spec.scale;
  return spec.format === 'svg' ? 0 : pixels * FORMAT_COST[spec.format];
}

/** Every render inline, on the calling thread: for the library, the CLI and tests. */
export function inlineRenderer(): Renderer {
  let running = 0;
  return {
    async render(spec) {
      running++;
      try {
        return await renderImage(spec);
      } finally {
        running--;
      }
    },
    stats: () => ({ queued: 0, running, threads: 0, maxQueue: 0 }),
    close: async () => {},
  };
}

export interface PoolOptions {
  /** Worker threads; 0 means one per core. */
  readonly threads: number;
  /** Renders that may wait for a worker before new ones are refused. */
  readonly maxQueue: number;
  /** A render running longer than this is abandoned. */
  readonly timeoutMs: number;
}

/** How a worker file is loaded: compiled JavaScript, or TypeScript through tsx in development. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    return { filename: new URL('./worker.ts', self).href, execArgv: ['--import', 'tsx'] };
  }
  return { filename: new URL('./worker.js', self).href, execArgv: [] };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function cancelled(): StandinError {
  return new StandinError('cancelled', 'the client went away before the image was made');
}

/** Cheap renders inline, the rest on a bounded worker pool. */
export function pooledRenderer(options: PoolOptions): Renderer {
  const threads = options.threads > 0 ? options.threads : availableParallelism();
  const { filename, execArgv } = workerEntry();
  const pool = new Piscina({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    maxQueue: options.maxQueue,
    // Workers keep their loaded fonts; there is no point in letting them go idle.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  const inline = inlineRenderer();
  let inPool = 0;

  return {
    async render(spec, signal) {
      if (renderCost(spec) <= INLINE_BUDGET) return inline.render(spec);
      if (signal?.aborted) throw cancelled();
      if (pool.queueSize >= options.maxQueue) {
        throw new StandinError('busy', 'the server is busy rendering; try again in a moment');
      }
      let result: WorkerResult;
      inPool++;
      try {
        const deadline = AbortSignal.timeout(options.timeoutMs);
        result = await pool.run(spec, {
          signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
        });
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        if (isAbort(error)) {
          throw new StandinError(
            'render_timeout',
            `the image took longer than ${options.timeoutMs} ms to make; ask for a smaller size or a faster format (png, svg)`,
          );
        }
        if (error instanceof Error && /queue is at limit/i.test(error.message)) {
          throw new StandinError('busy', 'the server is busy rendering; try again in a moment');
        }
        throw error;
      } finally {
        inPool--;
      }
      const body = Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength);
      return { ...result, body };
    },
    stats: () => ({
      queued: pool.queueSize,
      running: inPool + inline.stats().running,
      threads,
      maxQueue: options.maxQueue,
    }),
    async close() {
      await pool.close({ force: false });
    },
  };
}
