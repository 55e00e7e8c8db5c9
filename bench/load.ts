/**
 * Load test, loopback only, bounded in time and count. Two phases against a fresh server:
 *
 *  1. Flood: 128 connections ask for unique large renders (3000..4000 px PNG, GIF, AVIF) for
 *     FLOOD_SECONDS. Expect 503s with Retry-After (the queue is bounded), no failed
 *     connections, and small requests (cached and uncached) still answered quickly meanwhile.
 *  2. Memory: UNIQUE_URLS unique small PNGs; RSS afterwards must stay within the cache budget
 *     plus a documented overhead.
 *
 *   npm run build && npx tsx bench/load.ts [--quick]
 */
import autocannon from 'autocannon';
import { serverRss, startStandin } from './server.js';

const quick = process.argv.includes('--quick');
const FLOOD_SECONDS = quick ? 5 : 15;
const UNIQUE_URLS = Number(process.env.UNIQUE_URLS ?? (quick ? 10_000 : 100_000));
/** More clients than the pool and its queue hold (2 threads × 33), so refusals must appear. */
const FLOOD_CONNECTIONS = 128;
const CACHE_BYTES = Number(process.env.CACHE_BYTES ?? 64 * 1024 * 1024);
const MB = 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function flood() {
  const server = await startStandin(18301, { STANDIN_CACHE_BYTES: String(CACHE_BYTES) });
  const rssBefore = await serverRss(server.base);
  let n = 0;
  const formats = ['png', 'gif', 'avif'];
  const statuses = new Map<string, number>();
  let retryAfterMissing = 0;
  const run = autocannon({
    url: server.base,
    connections: FLOOD_CONNECTIONS,
    duration: FLOOD_SECONDS,
    // Longer than the server's render deadline (10 s), so a slow answer is its 503, not ours.
    timeout: 20,
    requests: [
      {
        setupRequest: (request) => {
          n++;
          const w = 3000 + (n % 1000);
          const h = 3000 + Math.floor(n / 1000);
          return { ...request, path: `/${w}x${h}.${formats[n % formats.length]}` };
        },
        onResponse: (status, _body, _context, headers) => {
          statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
          if (status === 503 && !headers?.['retry-after']) retryAfterMissing++;
        },
      },
    ],
  });
  // Meanwhile, small requests: one cached URL, and a new small PNG each time.
  const cached: number[] = [];
  const uncached: number[] = [];
  let peakRss = rssBefore;
  let probing = true;
  await fetch(`${server.base}/600x400.png`).then((r) => r.arrayBuffer());
  const probes = (async () => {
    let i = 0;
    while (probing) {
      for (const [list, path] of [
        [cached, '/600x400.png'],
        [uncached, `/200x${100 + (i++ % 900)}.png?text=probe`],
      ] as const) {
        const started = performance.now();
        const response = await fetch(server.base + path);
        await response.arrayBuffer();
        if (response.ok) list.push(performance.now() - started);
      }
      peakRss = Math.max(peakRss, await serverRss(server.base));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const result = await run;
  probing = false;
  await probes;
  // Event-loop delay as the server saw it (prom-client's monitor, reset at start-up).
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  const lag = (name: string) =>
    Number(
      new RegExp(`^standin_nodejs_eventloop_lag_${name}_seconds (\\S+)`, 'm').exec(metrics)?.[1],
    ) * 1000;
  await server.stop();
  return {
    seconds: FLOOD_SECONDS,
    requests: result.requests.total,
    statuses: Object.fromEntries(statuses),
    errors: result.errors,
    timeouts: result.timeouts,
    retryAfterMissing,
    cachedMs: { p50: median(cached), p99: percentile(cached, 99), n: cached.length },
    uncachedSmallMs: { p50: median(uncached), p99: percentile(uncached, 99), n: uncached.length },
    rssMB: { before: rssBefore / MB, peak: peakRss / MB },
    eventLoopDelayMs: { p50: lag('p50'), p99: lag('p99'), max: lag('max') },
  };
}

async function memory() {
  const server = await startStandin(18302, { STANDIN_CACHE_BYTES: String(CACHE_BYTES) });
  const rssBefore = await serverRss(server.base);
  let n = 0;
  const started = performance.now();
  const result = await autocannon({
    url: server.base,
    connections: 16,
    amount: UNIQUE_URLS,
    requests: [
      {
        setupRequest: (request) => {
          n++;
          return { ...request, path: `/${100 + (n % 400)}x${100 + Math.floor(n / 400)}.png` };
        },
      },
    ],
  });
  const rssAfter = await serverRss(server.base);
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  const cacheBytes = Number(/^standin_cache_bytes (\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
  await server.stop();
  return {
    uniqueUrls: UNIQUE_URLS,
    seconds: (performance.now() - started) / 1000,
    non2xx: result.non2xx,
    errors: result.errors,
    cacheBudgetMB: CACHE_BYTES / MB,
    cacheHeldMB: cacheBytes / MB,
    rssMB: { before: rssBefore / MB, after: rssAfter / MB },
    overheadMB: (rssAfter - CACHE_BYTES) / MB,
  };
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const report = {
  ...(only === undefined || only === 'flood' ? { flood: await flood() } : {}),
  ...(only === undefined || only === 'memory' ? { memory: await memory() } : {}),
};
console.log(
  JSON.stringify(report, (_k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v), 2),
);
