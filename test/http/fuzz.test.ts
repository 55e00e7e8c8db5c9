import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { hostileUrl } from '../fuzz.js';
import { listenOnLoopback } from '../helpers.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  // A small pixel budget keeps the accepted renders cheap; the grammar and the checks are the same.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    STANDIN_MAX_PIXELS: '200000',
    STANDIN_RENDER_THREADS: '1',
    STANDIN_CACHE_BYTES: '8000000',
  });
  app = await buildServer({ config });
  base = await listenOnLoopback(app);
});

afterAll(async () => {
  await app.close();
});

describe('live server under fuzzing', () => {
  it('answers 10,000 hostile URLs with no 5xx but 503, and a message on every 4xx', async () => {
    const urls = fc.sample(hostileUrl, { numRuns: 10_000, seed: 424242 });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < urls.length) {
        const url = urls[next++] ?? '/';
        let response: Response;
        try {
          response = await fetch(base + url);
        } catch (error) {
          failures.push(`${url}: connection failed (${String(error)})`);
          continue;
        }
        const body = Buffer.from(await response.arrayBuffer());
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 && response.status !== 503) {
          failures.push(`${url}: ${response.status} ${body.toString().slice(0, 200)}`);
        } else if (response.status >= 400) {
          const parsed = JSON.parse(body.toString()) as { error?: { message?: string } };
          if (!parsed.error?.message) failures.push(`${url}: ${response.status} without a message`);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(failures.slice(0, 5)).toEqual([]);
    // both kinds of answer were exercised
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);
});
