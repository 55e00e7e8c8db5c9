import { describe, expect, it } from 'vitest';
import { ImageCache } from '../../src/cache/image-cache.js';
import type { RenderedImage } from '../../src/pipeline/index.js';

const image = (bytes: number): RenderedImage => ({
  body: Buffer.alloc(bytes),
  contentType: 'image/png',
  format: 'png',
  etag: '"x"',
});

describe('ImageCache', () => {
  it('renders once and then answers from memory', async () => {
    const cache = new ImageCache(1_000_000);
    let renders = 0;
    const render = async () => {
      renders++;
      return image(100);
    };
    await cache.getOrRender('a', render);
    await cache.getOrRender('a', render);
    expect(renders).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it('shares one render between concurrent requests for a key', async () => {
    const cache = new ImageCache(1_000_000);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return image(100);
    };
    const results = await Promise.all([1, 2, 3].map(() => cache.getOrRender('k', render)));
    expect(renders).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('stays within its byte budget, evicting the least recently used', async () => {
    const cache = new ImageCache(10_000);
    for (let i = 0; i < 100; i++) await cache.getOrRender(`k${i}`, async () => image(1000));
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(10_000);
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.entries).toBeLessThan(10);
  });

  it('does not keep an image bigger than the whole budget', async () => {
    const cache = new ImageCache(1000);
    await cache.getOrRender('big', async () => image(5000));
    expect(cache.stats().entries).toBe(0);
  });

  it('abandons a shared render only when every waiter has gone', async () => {
    const cache = new ImageCache(1_000_000);
    let renderSignal: AbortSignal | undefined;
    const render = (signal: AbortSignal) => {
      renderSignal = signal;
      return new Promise<RenderedImage>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('abandoned')));
        setTimeout(() => resolve(image(10)), 100);
      });
    };
    const a = new AbortController();
    const b = new AbortController();
    const first = cache.getOrRender('k', render, a.signal).catch((e: Error) => e.message);
    const second = cache.getOrRender('k', render, b.signal).catch((e: Error) => e.message);
    a.abort();
    expect(renderSignal?.aborted).toBe(false);
    b.abort();
    expect(renderSignal?.aborted).toBe(true);
    expect(await first).toBe('abandoned');
    expect(await second).toBe('abandoned');
  });
});
