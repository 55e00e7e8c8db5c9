import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { pooledRenderer, renderCost } from '../../src/render/pool.js';
import { parseRequest } from '../../src/spec/parse.js';
import { decodePng } from '../helpers.js';

const spec = (path: string) => parseRequest(path, new URLSearchParams(), DEFAULT_LIMITS);

describe('renderCost', () => {
  it('weighs pixels by format and keeps SVG free', () => {
    expect(renderCost(spec('/4000x4000'))).toBe(0);
    expect(renderCost(spec('/100x100.png'))).toBe(10_000);
    expect(renderCost(spec('/100x100.avif'))).toBeGreaterThan(renderCost(spec('/100x100.png')));
    expect(renderCost(spec('/100x100@2x.png'))).toBe(40_000);
  });
});

describe('pooledRenderer', () => {
  const pool = pooledRenderer({ threads: 1, maxQueue: 1, timeoutMs: 20_000 });
  afterAll(() => pool.close());

  it('renders costly images in a worker thread', async () => {
    const image = await pool.render(spec('/1500x1000.png'));
    const pixels = decodePng(image.body);
    expect([pixels.width, pixels.height]).toEqual([1500, 1000]);
    expect(Buffer.isBuffer(image.body)).toBe(true);
  });

  it('refuses at once with busy when the queue is full', async () => {
    const renders = [2001, 2002, 2003, 2004].map((w) =>
      pool.render(spec(`/${w}x2000.png`)).then(
        () => 'ok',
        (error: unknown) => (error instanceof StandinError ? error.code : String(error)),
      ),
    );
    const outcomes = await Promise.all(renders);
    expect(outcomes).toContain('busy');
    expect(outcomes).toContain('ok');
    // the pool recovers once the queue drains
    await expect(pool.render(spec('/1600x1000.png'))).resolves.toBeDefined();
  });

  it('abandons a render that runs past its deadline', async () => {
    const slow = pooledRenderer({ threads: 1, maxQueue: 4, timeoutMs: 300 });
    try {
      await expect(slow.render(spec('/4000x4000.webp'))).rejects.toMatchObject({
        code: 'render_timeout',
        status: 503,
      });
      // the worker was replaced (give the new one time to start): the next render works
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const image = await slow.render(spec('/800x800.webp'));
      expect(image.contentType).toBe('image/webp');
    } finally {
      await slow.close();
    }
  });
});
