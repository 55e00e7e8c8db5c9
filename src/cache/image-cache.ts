/**
 * Rendered images by canonical spec key, least recently used first out, bounded in bytes.
 * Concurrent requests for the same key share one render instead of racing.
 */
import { LRUCache } from 'lru-cache';
import type { RenderedImage } from '../render/index.js';

/** Bytes charged per entry beyond its body: the key, the object and the map's bookkeeping. */
const ENTRY_OVERHEAD = 256;

export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
}

export class ImageCache {
  readonly #lru: LRUCache<string, RenderedImage> | undefined;
  readonly #pending = new Map<string, Promise<RenderedImage>>();
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

  /** The cached image for `key`, or the result of `render()`, which is then cached. */
  async getOrRender(key: string, render: () => Promise<RenderedImage>): Promise<RenderedImage> {
    const cached = this.#lru?.get(key);
    if (cached) {
      this.#hits++;
      return cached;
    }
    const pending = this.#pending.get(key);
    if (pending) {
      this.#hits++;
      return pending;
    }
    this.#misses++;
    const promise = render().then(
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
    this.#pending.set(key, promise);
    return promise;
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

  clear(): void {
    this.#lru?.clear();
  }
}
