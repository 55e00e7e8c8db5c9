import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { parse } from '../../src/index.js';
import { hostileUrl } from '../fuzz.js';

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

  it('answers in bounded time even for pathological input', () => {
    const started = performance.now();
    for (const url of [
      `/${'9'.repeat(100_000)}`,
      `/600x400/${'f'.repeat(100_000)}`,
      `/600x400?text=${'%F0%9F%98%80'.repeat(20_000)}`,
      `/${'a/'.repeat(10_000)}`,
    ]) {
      expect(() => parseUrl(url)).toThrow(StandinError);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});
