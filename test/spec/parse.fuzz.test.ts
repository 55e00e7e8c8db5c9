import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { parse } from '../../src/index.js';
import { hostileUrl, PROTOTYPE_NAMES } from '../fuzz.js';

const limits = DEFAULT_LIMITS;

const parseUrl = (url: string) => parse(url, { limits });

describe('parser under fuzzing', () => {
  it('accepts within the limits or refuses with a 4xx StandinError, for 10,000 URLs', () => {
    fc.assert(
      fc.property(hostileUrl, (url) => {
        try {
          const spec = parseUrl(url);
          expect(spec.width).toBeGreaterThanOrEqual(1);
          expect(spec.width).toBeLessThanOrEqual(limits.maxSide);
          expect(spec.height).toBeGreaterThanOrEqual(1);
          expect(spec.height).toBeLessThanOrEqual(limits.maxSide);
          expect(spec.width * spec.height * spec.scale ** 2).toBeLessThanOrEqual(limits.maxPixels);
          expect([...spec.text].length).toBeLessThanOrEqual(limits.maxTextLength);
        } catch (error) {
          if (!(error instanceof StandinError)) throw error;
          expect(error.status).toBeGreaterThanOrEqual(400);
          expect(error.status).toBeLessThan(500);
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 10_000, seed: 20261124 },
    );
  });

  it('reads prototype names in every position of every grammar as plain text', () => {
    // One URL of each grammar's shapes, with {} where a name goes: a size, a colour, a format,
    // a named size, a font, a query key or value, the text path and a sealed token.
    const shapes = [
      '/{}',
      '/{}.png',
      '/{}/png',
      '/600x400/{}',
      '/600x400/{}/fff',
      '/600x400/000/{}',
      '/600x400/000/fff/{}',
      '/600x400.{}',
      '/600x400/{}.png',
      '/600x400/000/fff.{}',
      '/600x400?text={}',
      '/600x400?font={}',
      '/600x400?{}=1',
      '/600x400?{}',
      '/600x400/png?font={}&text={}',
      '/600x400/?font={}',
      '/600x400/?text={}&font_size={}',
      '/600x400/000,{}/fff/',
      '/{}/',
      '/{}x400/',
      '/600x{}',
      '/600x400@{}',
      '/{}/000/fff&text=x',
      '/600x400/000/fff&text={}',
      '/600x400/000|{}',
      '/text/{}?text=x',
      '/text/png?text=x&font={}',
      '/text/png?text=x&{}=1',
      '/text@{}/png?text=x',
      '/t/{}',
      '/t/{}.png',
      '/600x400/?radius_tl={}&radius_br={}',
      '/api/{}',
      '/api/{}/{}/{}/{}/{}/{}/{}/{}/{}/{}',
      '/api/?name={}',
      '/api/?{}=1',
      '/api/?name=x&background={}&color={}&format={}&size={}&length={}',
    ];
    for (const shape of shapes) {
      for (const name of PROTOTYPE_NAMES) {
        const url = shape.replaceAll('{}', name);
        try {
          const spec = parse(url, { limits });
          expect(spec.width, url).toBeGreaterThanOrEqual(1);
        } catch (error) {
          if (!(error instanceof StandinError)) throw new Error(`${url}: ${String(error)}`);
          expect(error.status, url).toBeLessThan(500);
        }
      }
    }
  });
});
