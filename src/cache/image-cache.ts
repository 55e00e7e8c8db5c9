/**
 * Rendered images by canonical spec key, least recently used first out, bounded in bytes.
 * Concurrent requests for the same key share one render instead of racing.
 */
import { LRUCache } from 'lru-cache';
import type { RenderedImage } from '../pipeline/index.js';

/** Bytes charged per entry beyond its body: the key, the object and the map's bookkeeping. */
const ENTRY_OVERHEAD = 256;

export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
}

/** A render in flight, shared by every request waiting for it. */
interface Pending {
  readonly promise: Promise<RenderedImage>;
  readonly controller: AbortController;
  /** Waiters that may still want the image; at zero the render is abandoned. */
  waiters: number;
}

export class ImageCache {
  readonly #lru: LRUCache<string, RenderedImage> | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #maxBytes: number;
  #hits = 0;
  #misses = 0;

  /** `maxBytes` of 0 keeps nothing (renders are still shared while in flight). */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
    this.#lru =
      maxBytes > 0
        ? new LRUCache<string, RenderedImage>({
            maxSize: maxBytes,
            sizeCalculation: (image, key) => image.body.length + key.length * 2 + ENTRY_OVERHEAD,
          })
        : undefined;
  }

  /** The cached image for `key`, if there is one (counted as a hit), without rendering. */
  peek(key: string): RenderedImage | undefined {
    const cached = this.#lru?.get(key);
    if (cached) this.#hits++;
    return cached;
  }

  /**
   * The cached image for `key`, or the result of `render()`, which is then cached. `signal`
   * says the caller has gone (its client hung up); when every caller of a shared render has
   * gone, the render is told to stop through the signal it was given.
   */
  async getOrRender(
    key: string,
    render: (signal: AbortSignal) => Promise<RenderedImage>,
    signal?: AbortSignal,
  ): Promise<RenderedImage> {
    const cached = this.#lru?.get(key);
    if (cached) {
      this.#hits++;
      return cached;
    }
    let pending = this.#pending.get(key);
    if (pending) {
      this.#hits++;
    } else {
      this.#misses++;
      const controller = new AbortController();
      const promise = render(controller.signal).then(
        (image) => {
          this.#pending.delete(key);
          // An image bigger than the whole cache would only evict everything else.
          if (image.body.length + ENTRY_OVERHEAD <= this.#maxBytes) this.#lru?.set(key, image);
          return image;
        },
        (error: unknown) => {
          this.#pending.delete(key);
          throw error;
        },
      );
      pending = { promise, controller, waiters: 0 };
      this.#pending.set(key, pending);
    }
    const shared = pending;
    if (signal) {
      shared.waiters++;
      signal.addEventListener(
        'abort',
        () => {
          shared.waiters--;
          if (shared.waiters === 0) shared.controller.abort();
        },
        { once: true },
      );
    } else {
      // A caller that cannot leave keeps the render alive.
      shared.waiters = Number.POSITIVE_INFINITY;
    }
    return shared.promise;
  }

  stats(): CacheStats {
    return {
      entries: this.#lru?.size ?? 0,
      bytes: this.#lru?.calculatedSize ?? 0,
      maxBytes: this.#maxBytes,
      hits: this.#hits,
      misses: this.#misses,
    };
  }
}
