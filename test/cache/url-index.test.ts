/** The URL index: a URL answered once is found again without parsing, within its bounds. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seal } from '../../src/index.js';
import { createStandin } from '../../src/service.js';

const KEY = 'c'.repeat(64);
const config = loadConfig({ STANDIN_SEAL_KEY: KEY, STANDIN_CACHE_BYTES: '1000000' });

describe('the URL index', () => {
  it('finds an answered URL by the URL as sent, and only that spelling', async () => {
    const standin = createStandin(config);
    expect(standin.cached('/300x200.png')).toBeUndefined();
    const image = await standin.image(standin.parse('/300x200.png'), undefined, '/300x200.png');
    expect(standin.cached('/300x200.png')?.image).toBe(image);
    // another spelling of the same image shares the cache entry once it has been answered
    expect(standin.cached('/300x200/png')).toBeUndefined();
    await standin.image(standin.parse('/300x200/png'), undefined, '/300x200/png');
    expect(standin.cached('/300x200/png')?.image).toBe(image);
  });

  it('never indexes an expiring sealed token, so that its expiry is checked each time', async () => {
    const standin = createStandin(config);
    const path = seal('jane@example.com', { key: KEY, expiresAt: Date.now() / 1000 + 3600 });
    await standin.image(standin.parse(path), undefined, path);
    expect(standin.cached(path)).toBeUndefined();
    const lasting = seal('jane@example.com', { key: KEY });
    await standin.image(standin.parse(lasting), undefined, lasting);
    expect(standin.cached(lasting)).toBeDefined();
  });

  it('misses once the image itself has left the cache', async () => {
    const tiny = createStandin(loadConfig({ STANDIN_CACHE_BYTES: '6000' }));
    await tiny.image(tiny.parse('/600x400.png'), undefined, '/600x400.png');
    expect(tiny.cached('/600x400.png')).toBeDefined();
    for (let i = 0; i < 5; i++) {
      await tiny.image(tiny.parse(`/60${i}x400.png`), undefined, `/60${i}x400.png`);
    }
    expect(tiny.cached('/600x400.png')).toBeUndefined();
  });

  it('keeps nothing when the cache is off', async () => {
    const off = createStandin(loadConfig({ STANDIN_CACHE_BYTES: '0' }));
    await off.image(off.parse('/100x100.png'), undefined, '/100x100.png');
    expect(off.cached('/100x100.png')).toBeUndefined();
  });
});
