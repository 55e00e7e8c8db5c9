import { defineConfig } from 'vitest/config';

/**
 * The fast loop (`npx vitest run`): unit tests, and HTTP through Fastify's inject or one
 * loopback listener on a port the system picks. The slow suites (processes spawned, browser,
 * nginx, the live 10,000-URL fuzz, deadlines that must pass) are in vitest.slow.config.ts;
 * `npm test` runs both, then the soak check.
 */
export const SLOW_SUITES = [
  'test/http/production.test.ts',
  'test/http/fuzz.test.ts',
  'test/cli/cli.test.ts',
  'test/render/pool.test.ts',
  'test/spec/bounded-time.test.ts',
  'test/e2e/**/*.test.ts',
  'test/integration/**/*.test.ts',
  'test/package/install.test.ts',
  'test/package/image-root.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...SLOW_SUITES],
    // Test files share a module graph (fonts registered once): 16 s here instead of about 35 s.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
