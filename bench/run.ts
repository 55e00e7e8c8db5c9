/**
 * `npm run bench`: the micro-benchmark and the HTTP benchmark, one after the other, written as
 * markdown and JSON to bench/results/. Loopback only, bounded in time; not part of `npm test`.
 *
 *   npm run bench             3 rounds of 5 s per HTTP measurement (about 11 minutes in all)
 *   npm run bench -- --quick  1 run of 2 s (a smoke test of the script)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { httpBench } from './http.js';
import { micro } from './micro.js';

const quick = process.argv.includes('--quick');
const f = (v: number | undefined, digits = 2) =>
  v === undefined || Number.isNaN(v) ? '' : v.toFixed(digits);

const machine = `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const started = new Date().toISOString();
const httpOptions = quick
  ? { runs: 1, seconds: 2, connections: 16 }
  : { runs: 3, seconds: 5, connections: 16 };
const onlyHttp = process.argv.includes('--http');
const microRows = onlyHttp ? [] : await micro();
const httpRows = await httpBench(httpOptions);

const lines = [
  `# Benchmark run ${started}`,
  '',
  `Machine: ${machine}. Command: \`npm run bench${quick ? ' -- --quick' : ''}\`.`,
  '',
  `## HTTP (wrk, 1 thread, ${httpOptions.connections} connections, ${httpOptions.seconds} s; median of ${httpOptions.runs} runs)`,
  '',
  'Workloads: **warm** one cached 600x400 PNG; **cold** a new PNG every request, width 300..1299',
  'and height 200..1199 each drawn at random; **real mix** the sizes and formats of the URLs in',
  'bench/real-urls.json (found in public code), every one rendered (standin with its cache off);',
  '**large** 3900..3999 both sides; **svg/webp/avif** the cold sizes in that format. "sent" is',
  "what wrk's script counted it sent in the last run (requests, width and height ranges and means,",
  'mean area). Ratios are against the baseline named in the same row, measured in the same run:',
  "a workload's targets take turns, round by round, and the images/s ratio is the median of the",
  "rounds' ratios (for svg, webp and avif, standin alone: the ratio of the medians).",
  '',
  '| workload | target | images/s | p50 ms | p99 ms | refused | bytes | baseline | images/s ratio | p50 ratio | sent |',
  '|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|',
  ...httpRows.map(
    (r) =>
      `| ${r.workload} | ${r.target} | ${f(r.rps, 0)} | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.refused * 100, 0)}% | ${r.bytes} | ${r.baseline} | ${f(r.rpsRatio)} | ${f(r.p50Ratio)} | ${r.sent} |`,
  ),
  '',
  '## Render + encode in process (medians; ratios against Pillow drawing the same picture)',
  '',
  '| size | format | standin ms | Pillow ms | Pillow / standin time | standin bytes | Pillow bytes | standin / Pillow bytes |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...microRows.map(
    (r) =>
      `| ${r.size} | ${r.format} | ${f(r.standinMs)} | ${f(r.pillowMs)} | ${f(r.timeRatio)} | ${r.standinBytes} | ${r.pillowBytes ?? ''} | ${f(r.bytesRatio)} |`,
  ),
  '',
];
await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(new URL('results/latest.md', import.meta.url), lines.join('\n'));
await writeFile(
  new URL('results/latest.json', import.meta.url),
  JSON.stringify({ started, machine, quick, http: httpRows, micro: microRows }, null, 2),
);
console.log(lines.join('\n'));
