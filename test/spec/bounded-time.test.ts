/**
 * Hostile input is refused fast. Wall-clock bounds, so this runs with the slow suites
 * (vitest.slow.config.ts), not in the fast loop where a busy machine would make it flaky.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { parse } from '../../src/index.js';

const parseUrl = (url: string) => parse(url, { limits: DEFAULT_LIMITS });

describe('the parser under pathological input', () => {
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
