/**
 * Soak: does memory level off, and does a cached image stay fast, under the loads that once
 * broke both? One server (loopback, a small cache), four phases in one run, while a probe asks
 * for a cached image every PROBE_MS and the server's RSS is read from /proc every second:
 *
 *  1. medium  unique renders of medium sizes (600..999 x 420..599; PNG, GIF, JPEG, WebP, and
 *             now and then an emoji) on 16 connections: most go to the render threads. The
 *             first seconds are a warm-up (heaps and allocator arenas grow to their working
 *             size) and are not compared.
 *  2. abandon large AVIFs (3900x4000) whose clients hang up after 0.1 s.
 *  3. svg     4000x4000 SVGs of 100 emoji, each new, on 8 connections.
 *  4. idle    nothing: does memory come back down?
 *
 * Prints the distribution of what was sent, RSS over time (idle, peak, end, after idle), and
 * the probe's p50, p99 and max. With --check (the short version, in npm test) it fails when RSS
 * kept growing through the medium phase (the highest reading of its second half more than 10%
 * above that of its first half, once the bytes the cache gained in between, which its budget
 * bounds, are taken off) or when any probe waited more than 1 s.
 *
 *   npm run bench:soak [-- --short] [-- --check]
 */
import { request } from 'node:http';
import autocannon from 'autocannon';
import { processRss, startStandin } from './server.js';

const short = process.argv.includes('--short');
const check = process.argv.includes('--check');
const MEDIUM_SECONDS = short ? 24 : 60;
/** Medium renders before the measured ones: heaps and allocator arenas grow to their working size. */
const WARMUP_SECONDS = short ? 8 : 10;
const ABANDONED = short ? 40 : 100;
const SVG_SECONDS = short ? 10 : 20;
const IDLE_SECONDS = short ? 4 : 10;
const CACHE_BYTES = 32 * 1024 * 1024;
const PROBE_PATH = '/600x400.png';
const PROBE_MS = 100;
const PROBE_LIMIT_MS = 1000;
const GROWTH_LIMIT = 1.1;
const MB = 1024 * 1024;

const server = await startStandin(18311, { STANDIN_CACHE_BYTES: String(CACHE_BYTES) });
const pid = server.child.pid ?? 0;

// RSS once a second, labelled by phase, with the bytes the image cache held then.
let phase = 'idle-start';
const samples: { t: number; phase: string; mb: number; cacheMb: number }[] = [];
const t0 = performance.now();
const cacheBytes = () =>
  fetch(`${server.base}/metrics`, { signal: AbortSignal.timeout(900) })
    .then((r) => r.text())
    .then((text) => Number(/^standin_cache_bytes (\d+)/m.exec(text)?.[1] ?? Number.NaN))
    .catch(() => Number.NaN);
const sampleRss = async () => {
  const at = phase;
  const [rss, cache] = await Promise.all([processRss(pid), cacheBytes()]);
  samples.push({
    t: (performance.now() - t0) / 1000,
    phase: at,
    mb: rss / MB,
    cacheMb: cache / MB,
  });
};
await sampleRss();
const sampler = setInterval(() => void sampleRss(), 1000);

// The probe: one cached image, over and over, each request timed from outside.
await fetch(server.base + PROBE_PATH).then((r) => r.arrayBuffer());
const probes: { phase: string; ms: number; status: number }[] = [];
let probing = true;
const probeLoop = (async () => {
  while (probing) {
    const started = performance.now();
    const at = phase;
    const status = await fetch(server.base + PROBE_PATH, { signal: AbortSignal.timeout(30_000) })
      .then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })
      .catch(() => 0);
    probes.push({ phase: at, ms: performance.now() - started, status });
    await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
  }
})();

/** What each phase sent, by kind, and what came back. */
const sent = new Map<string, Map<string, number>>();
const count = (key: string, value: string) => {
  const bucket = sent.get(phase) ?? new Map<string, number>();
  sent.set(phase, bucket);
  bucket.set(`${key}=${value}`, (bucket.get(`${key}=${value}`) ?? 0) + 1);
};

// 1. Unique medium renders: a warm-up, then the measured part (one load, labelled by time).
phase = 'warmup';
setTimeout(() => {
  phase = 'medium';
}, WARMUP_SECONDS * 1000);
const FORMATS = ['png', 'png', 'gif', 'jpg', 'webp'] as const;
const widths: number[] = [];
const heights: number[] = [];
let n = 0;
const medium = await autocannon({
  url: server.base,
  connections: 16,
  duration: WARMUP_SECONDS + MEDIUM_SECONDS,
  timeout: 30,
  requests: [
    {
      setupRequest: (req) => {
        n++;
        // Both dimensions walk their whole range many times over (coprime strides).
        const w = 600 + ((n * 37) % 400);
        const h = 420 + ((n * 53) % 180);
        const format = FORMATS[n % FORMATS.length] ?? 'png';
        const emoji = n % 10 === 0 ? '+%F0%9F%98%80' : '';
        widths.push(w);
        heights.push(h);
        count('format', format);
        if (emoji) count('text', 'with emoji');
        return { ...req, path: `/${w}x${h}.${format}?text=soak+${n}${emoji}` };
      },
      onResponse: (status) => count('status', String(status)),
    },
  ],
});

// 2. Large renders whose clients hang up after 0.1 s, ten at a time.
phase = 'abandon';
const abandonOne = (i: number) =>
  new Promise<void>((resolve) => {
    const req = request(`${server.base}/3900x4000/avif?text=gone+${i}`, () => resolve());
    req.on('error', () => resolve());
    req.end();
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 100);
  });
for (let i = 0; i < ABANDONED; i += 10) {
  await Promise.all(
    Array.from({ length: Math.min(10, ABANDONED - i) }, (_, k) => abandonOne(i + k)),
  );
  count('avif 3900x4000', 'abandoned after 0.1 s');
}
// Let the threads finish what was abandoned before the next phase starts.
await new Promise((resolve) => setTimeout(resolve, 5000));
const afterAbandon = (await processRss(pid)) / MB;

// 3. Costly SVGs on 8 connections.
phase = 'svg';
// Spaced, so the emoji wrap onto lines at a large size (about 260 px at 4000x4000): a run
// without spaces is one word, which now shrinks to fit one line (32 px) and costs little.
const EMOJI = '+%F0%9F%98%80'.repeat(100);
let s = 0;
await autocannon({
  url: server.base,
  connections: 8,
  duration: SVG_SECONDS,
  timeout: 30,
  requests: [
    {
      setupRequest: (req) => {
        s++;
        count('svg 4000x4000', '100 emoji');
        return { ...req, path: `/4000x4000/svg?text=${s}${EMOJI}` };
      },
      onResponse: (status) => count('status', String(status)),
    },
  ],
});

// 4. Idle.
phase = 'idle-end';
await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
probing = false;
await probeLoop;
clearInterval(sampler);
await sampleRss();
await server.stop();

// Report.
const round = (x: number) => Math.round(x * 10) / 10;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}
function spread(values: number[]) {
  return { min: Math.min(...values), p50: percentile(values, 50), max: Math.max(...values) };
}

console.log(`soak (${short ? 'short' : 'full'}): cache ${CACHE_BYTES / MB} MiB, 2 render threads`);
console.log(
  `medium: ${WARMUP_SECONDS} s warm-up + ${MEDIUM_SECONDS} s, ${medium.requests.total} requests, ${round(medium.requests.average)}/s`,
);
console.log('  widths sent ', spread(widths), ' heights sent', spread(heights));
for (const [name, bucket] of sent) console.log(`  ${name}:`, Object.fromEntries(bucket));

const mbs = (p: string) => samples.filter((x) => x.phase === p).map((x) => x.mb);
// RSS without what the cache held: the part that must level off.
const mediumMb = samples.filter((x) => x.phase === 'medium').map((x) => x.mb - (x.cacheMb || 0));
const half = Math.floor(mediumMb.length / 2);
const firstPeak = Math.max(...mediumMb.slice(0, half));
const secondPeak = Math.max(...mediumMb.slice(half));
const rss = {
  idle: samples[0]?.mb ?? Number.NaN,
  peak: Math.max(...samples.map((x) => x.mb)),
  cacheHeldAtEndOfMedium: samples.filter((x) => x.phase === 'medium').at(-1)?.cacheMb ?? Number.NaN,
  mediumFirstHalfPeakLessCache: firstPeak,
  mediumSecondHalfPeakLessCache: secondPeak,
  afterAbandon,
  svgPeak: Math.max(...mbs('svg')),
  endOfLoad: mbs('svg').at(-1) ?? Number.NaN,
  afterIdle: samples.at(-1)?.mb ?? Number.NaN,
};
console.log('RSS MB:', Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, round(v)])));
console.log(
  'RSS MB each second:',
  samples.map((x) => `${x.phase[0]}${Math.round(x.mb)}`).join(' '),
);
const probeMs = probes.map((p) => p.ms);
const failed = probes.filter((p) => p.status !== 200).length;
console.log('probe ms (all phases):', {
  n: probes.length,
  p50: round(percentile(probeMs, 50)),
  p99: round(percentile(probeMs, 99)),
  max: round(Math.max(...probeMs)),
  failed,
});
for (const p of ['medium', 'abandon', 'svg']) {
  const ms = probes.filter((x) => x.phase === p).map((x) => x.ms);
  console.log(
    `  ${p}: p50 ${round(percentile(ms, 50))}, p99 ${round(percentile(ms, 99))}, max ${round(Math.max(...ms))}`,
  );
}

if (check) {
  const problems: string[] = [];
  if (secondPeak > firstPeak * GROWTH_LIMIT) {
    problems.push(
      `RSS kept growing: ${round(secondPeak)} MB (less the cache) in the second half of the medium phase against ${round(firstPeak)} MB in the first`,
    );
  }
  const slowest = Math.max(...probeMs);
  if (slowest > PROBE_LIMIT_MS)
    problems.push(`a cached image took ${round(slowest)} ms (limit ${PROBE_LIMIT_MS})`);
  if (failed > 0) problems.push(`${failed} probes failed`);
  if (problems.length > 0) {
    console.error(`soak: FAILED\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('soak: passed');
}
