import { defineConfig } from 'vitest/config';
import { SLOW_SUITES } from './vitest.config.js';

/** The slow suites (see vitest.config.ts): `npm test` and CI run them after the fast loop. */
export default defineConfig({
  test: {
    include: SLOW_SUITES,
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
