/**
 * Where renders run. Cheap ones (an estimated couple of milliseconds, see cost.ts) run on the
 * calling thread, at the end of the event loop's turn that asked for them: when a turn asks for
 * several and render threads are free, they are split between those threads and the calling
 * one (see `CheapRenders`). Queueing them behind a 4000x4000 AVIF would only make them slow;
 * so slightly dearer ones run inline when every thread is busy (SHARE_BUDGET_MS). The rest go
 * to a fixed set of worker threads (piscina) through a bounded queue of our own: when it is
 * full a render is refused at once (503 with Retry-After), and a render whose caller has gone
 * or whose deadline has passed is abandoned. Abandoning never kills a thread: a waiting render leaves the queue,
 * a running one finishes and its bytes are dropped. (A terminated thread took the native
 * memory of its canvases with it, never to be freed: about 37 MB per abandoned 16-megapixel
 * render.) So the event loop never waits on pixels and memory stays bounded.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { StandinError } from '../errors.js';
import type { ImageSpec } from '../spec/types.js';
import { renderCostMs } from './cost.js';
import { type RenderedImage, renderImage } from './index.js';
import type { WorkerResult } from './worker.js';

export interface RendererStats {
  /** Renders waiting for a worker. */
  readonly queued: number;
  /** Renders running, inline or in workers (abandoned ones included until they finish). */
  readonly running: number;
  readonly threads: number;
  readonly maxQueue: number;
  /** Cheap renders that went to a thread with others of their turn, since start. */
  readonly shared: number;
}

export interface Renderer {
  /** Render `spec`; `signal` abandons a render nobody waits for any more. */
  render(spec: ImageSpec, signal?: AbortSignal): Promise<RenderedImage>;
  stats(): RendererStats;
  close(): Promise<void>;
}

/** Renders estimated to take at most this long run on the calling thread. */
export const INLINE_BUDGET_MS = 2;

/**
 * While every render thread is busy, renders estimated at most this long run on the calling
 * thread instead of queueing (estimates err high: a two-colour PNG estimated at 6 ms takes
 * about 1 to 2). Cold PNGs in alternating runs: 15% more a second and a fifth less CPU each.
 */
export const SHARE_BUDGET_MS = 6;

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
    stats: () => ({ queued: 0, running, threads: 0, maxQueue: 0, shared: 0 }),
    close: async () => {},
  };
}

export interface PoolOptions {
  /** Worker threads, at least 1. */
  readonly threads: number;
  /** Renders that may wait for a worker before new ones are refused. */
  readonly maxQueue: number;
  /** A render not finished this long after it was asked for is abandoned. */
  readonly timeoutMs: number;
  /** Renders estimated to cost at most this many milliseconds run inline (default 2). */
  readonly inlineBudgetMs?: number;
  /** ...and at most this many while every thread is busy (default SHARE_BUDGET_MS). */
  readonly shareBudgetMs?: number;
  /**
   * Cores of the machine (default: os.availableParallelism()): cheap renders are shared with
   * at most one thread per core besides the HTTP thread's.
   */
  readonly cores?: number;
}

/** How a worker file is loaded: compiled JavaScript, or TypeScript through tsx in development. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    return { filename: new URL('./worker.ts', self).href, execArgv: ['--import', 'tsx'] };
  }
  return { filename: new URL('./worker.js', self).href, execArgv: [] };
}

const busy = () => new StandinError('busy', 'the server is busy rendering; try again in a moment');
const cancelled = () =>
  new StandinError('cancelled', 'the client went away before the image was made');
const timedOut = (ms: number) =>
  new StandinError(
    'render_timeout',
    `the image took longer than ${ms} ms to make; ask for a smaller size or a faster format (png, svg)`,
  );

/** A render asked of the pool, from the queue to its answer. */
interface Job {
  readonly spec: ImageSpec;
  /** `done` once answered, failed or abandoned. */
  state: 'waiting' | 'running' | 'done';
  /** Called once with the worker's outcome, or with the reason it was abandoned. */
  readonly finish: (error: unknown, result?: WorkerResult) => void;
}

const toImage = (result: WorkerResult): RenderedImage => ({
  ...result,
  body: Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength),
});

/** A cheap render waiting for the end of its turn. */
interface Cheap {
  readonly spec: ImageSpec;
  readonly resolve: (image: RenderedImage) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Cheap renders, gathered over one turn of the event loop and made at its end. Under a load of
 * new images the HTTP thread is the limit: parsing, routing and writing each answer, and
 * drawing it. So when a turn has asked for several, they are split in equal parts between the
 * HTTP thread and the render threads that are free (at most one per core the HTTP thread does
 * not use): each thread gets its part in one message, which wakes it once, and the HTTP thread
 * draws the rest meanwhile. (Sent one by one, a thread's render cost about twice its CPU here
 * and took little off the HTTP thread; half of each turn in one message, on two cores: 1.16
 * to 1.74 times the cold PNGs a second, in alternating runs.) A part takes about as long as
 * the HTTP thread's own, so a costly render that wants the thread next waits about one turn.
 * A lone render is drawn on the HTTP thread, as are all of them when no thread is free, and a
 * part a thread fails.
 */
class CheapRenders {
  private gathered: Cheap[] = [];
  /** Renders sent to a thread and not yet answered. */
  private inThreads = 0;
  /** Renders sent to a thread, since start. */
  shared = 0;

  constructor(
    private readonly inline: Renderer,
    /** Threads free now to take a part. */
    private readonly free: () => number,
    /** Render `specs` on a free thread, one after another. */
    private readonly send: (specs: ImageSpec[]) => Promise<RenderedImage[]>,
  ) {}

  /** Renders waiting for the end of their turn, or sent to a thread and not yet answered. */
  get pending(): number {
    return this.gathered.length + this.inThreads;
  }

  render(spec: ImageSpec): Promise<RenderedImage> {
    return new Promise((resolve, reject) => {
      this.gathered.push({ spec, resolve, reject });
      if (this.gathered.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const all = this.gathered;
    this.gathered = [];
    const parts = all.length > 1 ? 1 + Math.min(this.free(), all.length - 1) : 1;
    const size = Math.floor(all.length / parts);
    let at = 0;
    for (let part = 1; part < parts; part++, at += size) this.toThread(all.slice(at, at + size));
    for (; at < all.length; at++) this.here(all[at] as Cheap);
  }

  private toThread(part: Cheap[]): void {
    this.shared += part.length;
    this.inThreads += part.length;
    this.send(part.map((c) => c.spec)).then(
      (images) => {
        this.inThreads -= part.length;
        part.forEach((c, i) => {
          const image = images[i];
          if (image) c.resolve(image);
          else this.here(c);
        });
      },
      // A thread that failed them (it died, or the pool is closing): drawn here instead.
      () => {
        this.inThreads -= part.length;
        for (const c of part) this.here(c);
      },
    );
  }

  private here(cheap: Cheap): void {
    this.inline.render(cheap.spec).then(cheap.resolve, cheap.reject);
  }
}

/** Cheap renders inline, the rest on a fixed set of worker threads behind a bounded queue. */
export function pooledRenderer(options: PoolOptions): Renderer {
  const threads = Math.max(1, Math.floor(options.threads));
  const budget = options.inlineBudgetMs ?? INLINE_BUDGET_MS;
  const shareBudget = Math.max(budget, options.shareBudgetMs ?? SHARE_BUDGET_MS);
  const spareCores = Math.max(0, (options.cores ?? availableParallelism()) - 1);
  const { filename, execArgv } = workerEntry();
  const pool = new Piscina({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    // Workers keep their loaded fonts; there is no point in letting them go idle.
    idleTimeout: Number.POSITIVE_INFINITY,
    // Between tasks a worker must run its event loop: Node frees the native memory of canvases
    // (Skia surfaces) in finalizers that run from it. piscina's default parks an idle thread in
    // Atomics.wait instead, so nothing a render allocated natively was ever freed (RSS 140 MB
    // to 9.9 GB in 40 s of medium PNGs; docs/benchmarks.md, "Memory").
    atomics: 'disabled',
  });
  const inline = inlineRenderer();
  const waiting: Job[] = [];
  /** Threads busy: with a costly render, or with a turn's share of cheap ones. */
  let running = 0;
  /** Of those, the ones busy with cheap renders. */
  let sharing = 0;

  /** A thread is free again: the next waiting job takes it. */
  const release = (): void => {
    running--;
    const queued = waiting.shift();
    if (queued) start(queued);
  };

  /** Run `job` on a free thread. */
  const start = (job: Job): void => {
    job.state = 'running';
    running++;
    pool.run(job.spec).then(
      (result: WorkerResult) => {
        release();
        job.finish(undefined, result);
      },
      (error: unknown) => {
        release();
        job.finish(error);
      },
    );
  };

  const cheap = new CheapRenders(
    inline,
    () => Math.min(threads - running, spareCores - sharing),
    (specs) => {
      running++;
      sharing++;
      const results = pool.run(specs, { name: 'renderBatch' }) as Promise<WorkerResult[]>;
      const done = () => {
        sharing--;
        release();
      };
      results.then(done, done);
      return results.then((list) => list.map(toImage));
    },
  );

  return {
    render(spec, signal) {
      const cost = renderCostMs(spec);
      if (cost <= budget) return cheap.render(spec);
      if (signal?.aborted) return Promise.reject(cancelled());
      const free = running < threads;
      // Every thread busy: a render cheap enough runs here rather than wait behind them. Under
      // a cold load the calling thread then renders too, and saves the hop both ways.
      if (!free && cost <= shareBudget) return inline.render(spec);
      if (!free && waiting.length >= options.maxQueue) return Promise.reject(busy());

      return new Promise<RenderedImage>((resolve, reject) => {
        const settle = (error: unknown, result?: WorkerResult) => {
          if (job.state === 'done') return; // abandoned before: its bytes are dropped
          // A waiting render leaves the queue now; a running one finishes in its thread.
          if (job.state === 'waiting') waiting.splice(waiting.indexOf(job), 1);
          job.state = 'done';
          clearTimeout(deadline);
          signal?.removeEventListener('abort', onAbort);
          if (result) resolve(toImage(result));
          else reject(error);
        };
        const job: Job = { spec, state: 'waiting', finish: settle };
        const onAbort = () => settle(cancelled());
        const deadline = setTimeout(() => settle(timedOut(options.timeoutMs)), options.timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (free) start(job);
        else waiting.push(job);
      });
    },
    stats: () => ({
      queued: waiting.length,
      running: running - sharing + inline.stats().running + cheap.pending,
      threads,
      maxQueue: options.maxQueue,
      shared: cheap.shared,
    }),
    async close() {
      for (const job of [...waiting]) job.finish(busy());
      await pool.close({ force: false });
    },
  };
}
