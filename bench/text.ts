/**
 * Text engine costs as a user meets them: start-up time and idle memory of the server, then
 * the time of the first request that needs each lazily loaded face (a CJK face is 5 to 11 MB)
 * and of a second request that finds it loaded. Each run is a fresh server process built from
 * the current sources; medians over the runs.
 *
 *   npx tsx bench/text.ts [runs]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
// The build `npm start` runs, into dist/ as usual (the server finds ../../public from there).
const out = join(process.cwd(), 'dist');
try {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
} catch {
  // tsc still emits JavaScript when types do not check (work in progress elsewhere)
  console.error('type errors above: measuring the emitted JavaScript anyway');
}

const STEPS: [string, string][] = [
  ['first Latin PNG', '/600x400/png?text=Hello+world'],
  ['first Chinese PNG (loads Noto Sans SC)', '/600x400/png?text=你好，世界'],
  ['second Chinese PNG (face loaded)', '/600x400/png?text=占位图片'],
  ['first Chinese SVG (face loaded)', '/600x400/svg?text=简体中文'],
  ['first Japanese PNG (loads Noto Sans JP)', '/600x400/png?text=こんにちは'],
  ['first Korean PNG (loads Noto Sans KR)', '/600x400/png?text=안녕하세요'],
  ['first Arabic PNG (loads Noto Sans Arabic)', '/600x400/png?text=مرحبا'],
  ['first emoji PNG (loads Twemoji)', '/600x400/png?text=👍🏽+👩‍💻'],
  ['first emoji SVG (face loaded)', '/600x400/svg?text=🎉+🇯🇵'],
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function get(port: number, path: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}${encodeURI(path)}`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return performance.now() - start;
}

async function once(port: number): Promise<Record<string, number>> {
  const start = performance.now();
  const child = spawn(process.execPath, [join(out, 'cli/main.js'), 'serve', '--port', `${port}`], {
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const pid = child.pid ?? 0;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error('the server exited before it answered');
      try {
        await get(port, '/healthz');
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    const row: Record<string, number> = {
      'start-up (spawn to /healthz), ms': performance.now() - start,
    };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    row['idle RSS, MB'] = rssMb(pid);
    for (const [name, path] of STEPS) row[`${name}, ms`] = await get(port, path);
    await new Promise((resolve) => setTimeout(resolve, 500));
    row['RSS with SC, JP, KR, Arabic and emoji loaded, MB'] = rssMb(pid);
    return row;
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

const results: Record<string, number>[] = [];
for (let i = 0; i < runs; i++) results.push(await once(18_700 + i));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
console.log(`| Measure (median of ${runs} fresh servers) | Value |\n|---|---|`);
for (const key of Object.keys(results[0] ?? {})) {
  console.log(`| ${key} | ${median(results.map((r) => r[key] ?? Number.NaN)).toFixed(1)} |`);
}
