/** Standin-Warning: what a URL asked for that was not used or was replaced, said in a header. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
});
afterAll(() => app.close());

const warning = async (url: string) => {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  return response.headers['standin-warning'];
};

describe('Standin-Warning', () => {
  it('names query parameters nothing reads (misspellings, another service’s)', async () => {
    expect(await warning('/600x400?txt=Hi&color=red')).toBe(
      'unused query parameter "txt", "color"',
    );
    expect(await warning('/600x400?retina=2')).toBeUndefined(); // fakeimg.pl's, read as such
  });

  it('says an unknown font was drawn in the default face, which is a 200 now', async () => {
    expect(await warning('/600x400.png?font=comic-sans&text=Hi')).toBe(
      'unknown font "comic-sans", drawn in lato',
    );
  });

  it('says it again when the answer comes from the cache', async () => {
    await warning('/601x400.png?fontsize=12&zoom=2');
    expect(await warning('/601x400.png?fontsize=12&zoom=2')).toBe('unused query parameter "zoom"');
  });

  it('is short and safe: names and short values only, never the text', async () => {
    const long = 'x'.repeat(200);
    const header = String(
      await warning(`/600x400?${long}=1&font=%3Cscript%3E${long}&text=secret+words`),
    );
    expect(header.length).toBeLessThan(200);
    expect(header).not.toContain('secret');
    expect(header).not.toContain('<');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });

  it('says nothing for a URL that used all it asked for', async () => {
    expect(await warning('/600x400/000/fff.png?text=Hi&font=roboto')).toBeUndefined();
    expect(await warning('/text/png?text=Hi&size=20&fg=000')).toBeUndefined();
  });
});
