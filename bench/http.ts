/**
 * HTTP benchmark on loopback: standin beside the peers a user would run instead, driven by wrk
 * (Debian's package) with the same load, bounded in time. Each workload runs RUNS times per
 * target; the median is reported with its ratio to the baseline of the same run:
 *   warm    one cached 600x400 PNG          baseline: nginx serving the same bytes as a static file
 *   cold    a new size every request, PNG   baseline: Flask + Pillow (../shared/peers/seed-flask)
 *   large   new 39xx..4000 sizes, PNG       baseline: Flask + Pillow, same sizes
 *   svg, webp, avif: cold, standin only     baseline: Flask + Pillow's cold PNG
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startStandin } from './server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const FLASK_DIR = resolve(root, '../shared/peers/seed-flask');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

export interface HttpOptions {
  readonly runs: number;
  readonly seconds: number;
  readonly connections: number;
}

export interface HttpRow {
  workload: string;
  target: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of answers that were refusals (503 busy) rather than images. */
  refused: number;
  bytes: number;
  baseline: string;
  rpsRatio?: number;
  p50Ratio?: number;
  bytesRatio?: number;
}

interface Target {
  readonly name: string;
  readonly base: string;
  /** Path for request n: `%W` and `%H` are replaced by the size. */
  readonly pattern: string;
}

/** Lua for wrk: every request a new size from `pattern`, or always the same path. */
function luaScript(pattern: string, sizes: 'fixed' | 'cold' | 'large'): string {
  const size =
    sizes === 'cold'
      ? 'local w = 300 + (n % 1000); local h = 200 + (math.floor(n / 1000) % 1000)'
      : sizes === 'large'
        ? 'local w = 3901 + (n % 100); local h = 3901 + (math.floor(n / 100) % 100)'
        : 'local w = 600; local h = 400';
  const path = pattern.replace('%W', '" .. w .. "').replace('%H', '" .. h .. "');
  return [
    `math.randomseed(${Date.now() % 100000})`,
    'n = math.random(0, 1000000)',
    'request = function()',
    '  n = n + 1',
    `  ${size}`,
    `  return wrk.format(nil, "${path}")`,
    'end',
  ].join('\n');
}

function parseWrk(
  output: string,
  seconds: number,
): { rps: number; p50Ms: number; p99Ms: number; refused: number } {
  // Only images count: refusals (503 busy) are reported as a share, not as throughput.
  const total = Number(/(\d+) requests in/.exec(output)?.[1] ?? Number.NaN);
  const refused = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const rps = (total - refused) / seconds;
  const ms = (label: string) => {
    const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(output);
    if (!m) return Number.NaN;
    const value = Number(m[1]);
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
  };
  return { rps, p50Ms: ms('50'), p99Ms: ms('99'), refused: total > 0 ? refused / total : 0 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function measure(
  target: Target,
  sizes: 'fixed' | 'cold' | 'large',
  options: HttpOptions,
  dir: string,
) {
  const script = join(dir, `${target.name}-${sizes}.lua`);
  await writeFile(script, luaScript(target.pattern, sizes));
  const samples: ReturnType<typeof parseWrk>[] = [];
  for (let i = 0; i < options.runs; i++) {
    const { stdout } = await run('wrk', [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--latency',
      '-s',
      script,
      target.base,
    ]);
    samples.push(parseWrk(stdout, options.seconds));
    await idle(target.base);
  }
  const sample = target.pattern
    .replace('%W', sizes === 'large' ? '3950' : '600')
    .replace('%H', sizes === 'large' ? '3950' : '400');
  const bytes = (await (await fetch(target.base + sample)).arrayBuffer()).byteLength;
  return {
    rps: median(samples.map((s) => s.rps)),
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    refused: median(samples.map((s) => s.refused)),
    bytes,
  };
}

/** Wait until a standin has no render queued or running (a finished load must not bleed into the next). */
async function idle(base: string) {
  for (let i = 0; i < 600; i++) {
    const text = await fetch(`${base}/metrics`).then(
      (r) => (r.ok ? r.text() : ''),
      () => '',
    );
    if (text === '') return; // not a standin
    const busy = /^standin_render_in_flight (\d+)/m.exec(text)?.[1];
    if (busy === '0') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitFor(url: string) {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export async function httpBench(options: HttpOptions): Promise<HttpRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-bench-'));
  await chmod(dir, 0o755); // nginx workers run as another user
  const children: ChildProcess[] = [];
  const standin = await startStandin(18401);
  try {
    const s: Target = { name: 'standin', base: standin.base, pattern: '/%Wx%H.png' };
    // nginx serving standin's own 600x400 PNG as a static file (the page cache keeps it in memory).
    let nginx: Target | undefined;
    if (NGINX) {
      await writeFile(
        join(dir, '600x400.png'),
        Buffer.from(await (await fetch(`${standin.base}/600x400.png`)).arrayBuffer()),
      );
      await writeFile(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log; worker_processes 2;
events { worker_connections 1024; }
http { access_log off; open_file_cache max=10; sendfile on; tcp_nopush on;
  client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;
  server { listen 127.0.0.1:18402; root ${dir}; location / { default_type image/png; try_files /600x400.png =404; } } }`,
      );
      children.push(
        spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
          stdio: 'ignore',
        }),
      );
      await waitFor('http://127.0.0.1:18402/600x400');
      nginx = { name: 'nginx static', base: 'http://127.0.0.1:18402', pattern: '/%Wx%H' };
    }
    let flask: Target | undefined;
    if (existsSync(join(FLASK_DIR, 'server.py'))) {
      children.push(
        spawn(
          '/usr/bin/python3',
          ['-m', 'gunicorn', '-w', '2', '-b', '127.0.0.1:18190', 'server:app'],
          {
            cwd: FLASK_DIR,
            stdio: 'ignore',
          },
        ),
      );
      await waitFor('http://127.0.0.1:18190/10x10');
      flask = { name: 'flask+pillow', base: 'http://127.0.0.1:18190', pattern: '/%Wx%H' };
    }

    const rows: HttpRow[] = [];
    const add = async (
      workload: string,
      target: Target,
      sizes: 'fixed' | 'cold' | 'large',
      baseline?: HttpRow,
    ) => {
      const m = await measure(target, sizes, options, dir);
      const row: HttpRow = {
        workload,
        target: target.name,
        ...m,
        baseline: baseline ? `${baseline.target} ${baseline.workload}` : '',
      };
      if (baseline) {
        row.rpsRatio = m.rps / baseline.rps;
        row.p50Ratio = m.p50Ms / baseline.p50Ms;
        row.bytesRatio = m.bytes / baseline.bytes;
      }
      rows.push(row);
      console.error(`${workload} ${target.name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50Ms} ms`);
      return row;
    };

    const nginxWarm = nginx ? await add('warm', nginx, 'fixed') : undefined;
    await add('warm', s, 'fixed', nginxWarm);
    // The same with two server processes (STANDIN_PROCESSES=2), for the cluster's gain.
    const pair = await startStandin(18403, { STANDIN_PROCESSES: '2' });
    try {
      await add(
        'warm',
        { name: 'standin ×2 processes', base: pair.base, pattern: s.pattern },
        'fixed',
        nginxWarm,
      );
    } finally {
      await pair.stop();
    }
    const flaskCold = flask ? await add('cold', flask, 'cold') : undefined;
    await add('cold', s, 'cold', flaskCold);
    const flaskLarge = flask ? await add('large', flask, 'large') : undefined;
    await add('large', s, 'large', flaskLarge);
    await add('svg', { ...s, pattern: '/%Wx%H' }, 'cold', flaskCold);
    await add('webp', { ...s, pattern: '/%Wx%H.webp' }, 'cold', flaskCold);
    await add('avif', { ...s, pattern: '/%Wx%H.avif' }, 'cold', flaskCold);
    return rows;
  } finally {
    await Promise.all(children.map(stop));
    await standin.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
