import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { renderCostMs } from '../../src/pipeline/cost.js';
import { renderImage } from '../../src/pipeline/index.js';
import { INLINE_BUDGET_MS, pooledRenderer, SHARE_BUDGET_MS } from '../../src/pipeline/pool.js';
import { parseRequest } from '../../src/spec/parse.js';
import { decodePng } from '../helpers.js';

const spec = (path: string, query = '') =>
  parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
const code = (error: unknown) => (error instanceof StandinError ? error.code : String(error));
const EMOJI = '😀';

describe('renderCostMs', () => {
  it('keeps small palette images and plain SVG inline', () => {
    expect(renderCostMs(spec('/300x250.png', 'text=Ad'))).toBeLessThanOrEqual(INLINE_BUDGET_MS);
    expect(renderCostMs(spec('/150x150.gif'))).toBeLessThanOrEqual(INLINE_BUDGET_MS);
    expect(renderCostMs(spec('/600x400', 'text=Hello'))).toBeLessThanOrEqual(INLINE_BUDGET_MS);
    expect(renderCostMs(spec('/800x700.png'))).toBeLessThanOrEqual(INLINE_BUDGET_MS);
  });

  it('sends SVG with colour glyphs, big rasters and slow formats to the threads', () => {
    expect(renderCostMs(spec('/600x400', `text=${EMOJI}`))).toBeGreaterThan(INLINE_BUDGET_MS);
    expect(renderCostMs(spec('/4000x4000', `text=${EMOJI.repeat(100)}`))).toBeGreaterThan(1000);
    expect(renderCostMs(spec('/4000x4000', `text=${'a'.repeat(200)}`))).toBeGreaterThan(10);
    expect(renderCostMs(spec('/600x400.avif'))).toBeGreaterThan(INLINE_BUDGET_MS);
    expect(renderCostMs(spec('/1920x1080.png'))).toBeGreaterThan(INLINE_BUDGET_MS);
    // Only a two-colour PNG has the lower base: a JPEG or GIF of the same size does not.
    expect(renderCostMs(spec('/600x400.jpg'))).toBeGreaterThan(INLINE_BUDGET_MS);
    expect(renderCostMs(spec('/600x400.gif'))).toBeGreaterThan(INLINE_BUDGET_MS);
  });

  it('grows with pixels, retina scale, format and colour glyphs', () => {
    const png = renderCostMs(spec('/1000x1000.png'));
    expect(renderCostMs(spec('/1000x1000@2x.png'))).toBeGreaterThan(2.5 * png);
    expect(renderCostMs(spec('/1000x1000.avif'))).toBeGreaterThan(png);
    expect(renderCostMs(spec('/1000x1000.png', `text=a${EMOJI}`))).toBeGreaterThan(png);
    const one = renderCostMs(spec('/1000x1000', `text=${EMOJI}`));
    expect(renderCostMs(spec('/1000x1000', `text=${EMOJI.repeat(10)}`))).toBeGreaterThan(one);
  });
});

describe('pooledRenderer', () => {
  const pool = pooledRenderer({ threads: 1, maxQueue: 1, timeoutMs: 20_000, cores: 2 });
  afterAll(() => pool.close());

  it('renders costly images in a worker thread', async () => {
    const image = await pool.render(spec('/1500x1000.png'));
    const pixels = decodePng(image.body);
    expect([pixels.width, pixels.height]).toEqual([1500, 1000]);
    expect(Buffer.isBuffer(image.body)).toBe(true);
  });

  it('renders an SVG with colour glyphs in a worker thread, not on the caller', async () => {
    const render = pool.render(spec('/1200x800', `text=${EMOJI.repeat(8)}`));
    expect(pool.stats().running).toBe(1);
    const image = await render;
    expect(image.contentType).toBe('image/svg+xml');
    expect(image.body.toString()).toContain('<image');
  });

  it('renders a cheap image on the caller rather than queue it behind a busy thread', async () => {
    const big = pool.render(spec('/3000x3000.avif'));
    expect(pool.stats().running).toBe(1);
    // 1600x1000 PNG: estimated over the inline budget, under the shared one.
    const cheap = spec('/1600x1000.png');
    expect(renderCostMs(cheap)).toBeGreaterThan(INLINE_BUDGET_MS);
    expect(renderCostMs(cheap)).toBeLessThanOrEqual(SHARE_BUDGET_MS);
    const image = await pool.render(cheap);
    expect(pool.stats().queued).toBe(0);
    expect(decodePng(image.body).width).toBe(1600);
    // the costly render is still on its thread
    expect(pool.stats().running).toBe(1);
    await big;
  });

  it('refuses at once with busy when the queue is full', async () => {
    // Estimated over the shared budget: they queue for the one thread, or are refused.
    expect(renderCostMs(spec('/3001x2000.png'))).toBeGreaterThan(SHARE_BUDGET_MS);
    const renders = [3001, 3002, 3003, 3004].map((w) =>
      pool.render(spec(`/${w}x2000.png`)).then(() => 'ok', code),
    );
    const outcomes = await Promise.all(renders);
    expect(outcomes.filter((o) => o === 'busy')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(2);
    // the pool recovers once the queue drains
    await expect(pool.render(spec('/1600x1000.png'))).resolves.toBeDefined();
  });

  it('lets a waiting render leave the queue when its caller goes', async () => {
    const first = pool.render(spec('/3000x3000.avif'));
    const leaving = new AbortController();
    const second = pool.render(spec('/3001x3000.avif'), leaving.signal).then(() => 'ok', code);
    expect(pool.stats().queued).toBe(1);
    leaving.abort();
    expect(await second).toBe('cancelled');
    expect(pool.stats().queued).toBe(0);
    // its place in the queue is free again at once
    const third = pool.render(spec('/1700x1000.png')).then(() => 'ok', code);
    await first;
    expect(await third).toBe('ok');
  });

  it("sends half of a turn's cheap renders to a free thread in one message, same bytes", async () => {
    const specs = Array.from({ length: 12 }, (_, i) =>
      spec(`/${400 + 37 * i}x${300 + 23 * i}.png`),
    );
    for (const s of specs) expect(renderCostMs(s)).toBeLessThanOrEqual(INLINE_BUDGET_MS);
    const before = pool.stats().shared;
    const images = await Promise.all(specs.map((s) => pool.render(s)));
    expect(pool.stats().shared - before).toBe(6);
    for (const [i, image] of images.entries()) {
      const s = specs[i] as (typeof specs)[number];
      expect(image.body.equals((await renderImage(s)).body)).toBe(true);
      expect(decodePng(image.body).width).toBe(s.width);
    }
    // A lone cheap render is drawn on the caller.
    const alone = pool.stats().shared;
    await pool.render(spec('/640x480.png'));
    expect(pool.stats().shared).toBe(alone);
    expect(pool.stats().running).toBe(0);
  });

  it('splits a turn equally between the free threads (one per spare core) and the caller', async () => {
    const specs = Array.from({ length: 100 }, (_, i) => spec(`/${200 + i}x150.png`));
    for (const [cores, shared] of [
      [4, 75], // three threads free, three spare cores: four parts of 25
      [3, 66], // two spare cores: three parts of 33, the caller draws 34
      [1, 0], // no spare core: all on the caller
    ] as const) {
      const wide = pooledRenderer({ threads: 3, maxQueue: 4, timeoutMs: 20_000, cores });
      try {
        const images = await Promise.all(specs.map((s) => wide.render(s)));
        expect(wide.stats().shared).toBe(shared);
        expect(images.map((image) => decodePng(image.body).width)).toEqual(
          specs.map((s) => s.width),
        );
      } finally {
        await wide.close();
      }
    }
  });

  it("draws a turn's share on the caller when the thread cannot take it", async () => {
    const closing = pooledRenderer({ threads: 1, maxQueue: 4, timeoutMs: 20_000, cores: 2 });
    const specs = Array.from({ length: 6 }, (_, i) => spec(`/${500 + i}x400.png`));
    const renders = Promise.all(specs.map((s) => closing.render(s)));
    // Closed before the turn ends: the thread refuses the share, so it is drawn here.
    const closed = closing.close();
    const images = await renders;
    expect(images.map((image) => decodePng(image.body).width)).toEqual(specs.map((s) => s.width));
    await closed;
  });

  it('abandons a render past its deadline without killing its thread', async () => {
    const slow = pooledRenderer({ threads: 1, maxQueue: 4, timeoutMs: 300 });
    try {
      const started = performance.now();
      await expect(slow.render(spec('/4000x4000.avif'))).rejects.toMatchObject({
        code: 'render_timeout',
        status: 503,
      });
      expect(performance.now() - started).toBeLessThan(1000);
      // the abandoned render still holds the thread until it is done; then the thread serves on
      expect(slow.stats().running).toBe(1);
      await expect.poll(() => slow.stats().running, { timeout: 20_000 }).toBe(0);
      const image = await slow.render(spec('/300x300.webp'));
      expect(image.contentType).toBe('image/webp');
    } finally {
      await slow.close();
    }
  });
});
