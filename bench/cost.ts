/**
 * Calibrates the render cost estimate (src/pipeline/cost.ts): renders a spread of specs in this
 * thread, the way a worker does, and prints the estimate beside the median measured time. The
 * estimate decides which renders may run on the event loop (at most INLINE_BUDGET_MS), so it
 * should never be far below the measured time; well above is only a little slower.
 *
 *   npm run bench:cost [-- --runs=7]
 */
import { DEFAULT_LIMITS } from '../src/config.js';
import { renderCostMs } from '../src/pipeline/cost.js';
import { renderImage } from '../src/pipeline/index.js';
import { INLINE_BUDGET_MS } from '../src/pipeline/pool.js';
import { parseRequest } from '../src/spec/parse.js';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const E = '😀';
const SAMPLES: readonly string[] = [
  '/150x150.png',
  '/300x250.png?text=Ad',
  '/600x400.png?text=Hero',
  '/728x90.png?text=Leaderboard',
  '/800x700.png?text=t123',
  '/999x599.png?text=t123456',
  '/1200x630.png?text=Open+Graph',
  '/1920x1080.png',
  '/4000x4000.png',
  '/600x400.gif',
  '/1200x630.gif',
  `/600x400.png?text=Hi+${E}`,
  `/4000x4000.png?text=${E.repeat(100)}`,
  '/150x150.jpg',
  '/600x400.jpg',
  '/1920x1080.jpg',
  '/300x250.webp',
  '/600x400.webp',
  '/1200x630.webp',
  '/200x200.avif',
  '/600x400.avif',
  '/2000x2000.avif',
  '/600x400',
  '/600x400?text=Hello',
  '/1920x1080?text=Hello+world',
  `/4000x4000?text=${'abcdefghij'.repeat(20)}`,
  `/300x300?text=${E.repeat(3)}`,
  `/600x400?text=${E}`,
  `/600x400?text=${E.repeat(10)}`,
  `/1000x1000?text=${E.repeat(100)}`,
  `/4000x4000?text=${E}`,
  `/4000x4000?text=${E.repeat(100)}`,
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const label = (url: string) =>
  decodeURIComponent(url)
    .replace(/(😀)+/u, (m) => `[${[...m].length} emoji]`)
    .replace(/(abcdefghij)+/, (m) => `[${m.length} chars]`);

console.log(`render cost: estimate against the median of ${runs} renders (after one warm-up)`);
console.log(`inline budget: ${INLINE_BUDGET_MS} ms\n`);
console.log(
  `${'sample'.padEnd(40)} ${'estimate'.padStart(9)} ${'measured'.padStart(9)}  ratio  where`,
);
let under = 0;
for (const url of SAMPLES) {
  const [path = '', query = ''] = url.split('?');
  const spec = parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
  await renderImage(spec);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await renderImage(spec);
    times.push(performance.now() - started);
  }
  const estimate = renderCostMs(spec);
  const measured = median(times);
  const inline = estimate <= INLINE_BUDGET_MS;
  if (inline && measured > 2 * INLINE_BUDGET_MS) under++;
  console.log(
    `${label(url).padEnd(40)} ${estimate.toFixed(2).padStart(9)} ${measured.toFixed(2).padStart(9)}  ${(estimate / measured).toFixed(2).padStart(5)}  ${inline ? 'inline' : 'thread'}`,
  );
}
console.log(`\ninline samples measured over twice the budget: ${under}`);
