/**
 * In-process micro-benchmark: render + encode time per format at 600x400 and 4000x4000,
 * cache bypassed. Prints medians (ms) and bytes. Not part of `npm test`.
 *
 *   npx tsx bench/formats.ts [--quick]
 */
import { Bench } from 'tinybench';
import { DEFAULT_LIMITS } from '../src/config.js';
import { renderImage } from '../src/render/index.js';
import { parseRequest } from '../src/spec/parse.js';
import { FORMATS } from '../src/spec/types.js';

const quick = process.argv.includes('--quick');
const sizes = ['600x400', '4000x4000'];

const rows: { url: string; medianMs: number; p99Ms: number; bytes: number; samples: number }[] = [];
for (const size of sizes) {
  const big = size === '4000x4000';
  const bench = new Bench({
    time: quick ? 200 : big ? 3000 : 1000,
    iterations: big ? 3 : 10,
    warmup: true,
  });
  const bytes = new Map<string, number>();
  for (const format of FORMATS) {
    const url = `/${size}/${format}`;
    const spec = parseRequest(url, new URLSearchParams(), DEFAULT_LIMITS);
    bench.add(url, async () => {
      const image = await renderImage(spec);
      bytes.set(url, image.body.length);
    });
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (!result || !('latency' in result)) continue;
    const latency = result.latency;
    rows.push({
      url: task.name,
      medianMs: Number((latency.p50 ?? Number.NaN).toFixed(2)),
      p99Ms: Number((latency.p99 ?? Number.NaN).toFixed(2)),
      bytes: bytes.get(task.name) ?? 0,
      samples: latency.samplesCount,
    });
  }
}
console.table(rows);
