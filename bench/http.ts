/**
 * HTTP benchmark on loopback: standin beside the peers a user would run instead, driven by wrk
 * (Debian's package) with the same load, bounded in time. Each workload runs RUNS rounds, and
 * in each round every target once, in turn (so a slow minute on this shared machine falls on
 * all of them), after a warm-up of WARM_UP_S seconds each that is not counted; the median is
 * reported, with its ratio to the baseline as the median of the rounds' ratios, and with the
 * distribution of sizes wrk actually sent (counted by its script):
 *   warm      one cached 600x400 PNG            baseline: a bare Fastify route with the same bytes
 *                                               (nginx serving them as a static file beside it)
 *   cold      a new PNG every request, width 300..1299 and height 200..1199 drawn at random
 *             for each                          baseline: dummyimage.com's PHP + GD, and Flask + Pillow
 *   real mix  sizes and formats of the URLs in bench/real-urls.json (found in public code),
 *             every one rendered (cache off)    baseline: the same sizes from each peer
 *   large     new 3900..3999 sizes, PNG         baseline: Flask + Pillow, same sizes
 *   svg, webp, avif: cold, standin only       baseline: Flask + Pillow's cold PNG
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startStandin } from './server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const FLASK_DIR = resolve(root, '../shared/peers/seed-flask');
const DUMMYIMAGE_DIR = resolve(root, '../shared/peers/dummyimage');
const PHP = ['/usr/bin/php'].find((p) => existsSync(p));
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
  /** What wrk sent, as counted by its script: requests, width and height ranges, means. */
  sent: string;
  /** Images/s of each round, in order (rounds of one workload are measured in turn). */
  roundsRps: number[];
}

interface Target {
  readonly name: string;
  readonly base: string;
  /** Path for request n: `%W` and `%H` are replaced by the size. */
  readonly pattern: string;
  /** The real mix, as this target reads it. */
  readonly mix?: readonly MixEntry[];
}

/** One request of the real mix: a path as a target reads it, and the size it asks for. */
export interface MixEntry {
  readonly path: string;
  readonly width: number;
  readonly height: number;
}

/** How the sizes of a workload vary. */
type Sizes = 'fixed' | 'cold' | 'large' | 'mix';

/**
 * Lua for wrk. `cold`: width 300..1299 and height 200..1199, each drawn at random for every
 * request (so both vary over their whole range during any run); `large`: 3900..3999 both;
 * `mix`: the paths of `mixPaths` in turn; `fixed`: always 600x400. Every thread counts what it
 * sent, and `done` prints the distribution (a SENT line) for the report.
 */
function luaScript(pattern: string, sizes: Sizes, mix: readonly MixEntry[] = []): string {
  const size =
    sizes === 'mix'
      ? 'local e = mix[(n % #mix) + 1]; local w = e[2]; local h = e[3]'
      : sizes === 'cold'
        ? 'local w = math.random(300, 1299); local h = math.random(200, 1199)'
        : sizes === 'large'
          ? 'local w = math.random(3900, 3999); local h = math.random(3900, 3999)'
          : 'local w = 600; local h = 400';
  const path =
    sizes === 'mix'
      ? 'local path = e[1]'
      : `local path = "${pattern.replace('%W', '" .. w .. "').replace('%H', '" .. h .. "')}"`;
  const quoted = mix
    .map((m) => `{${JSON.stringify(m.path)}, ${m.width}, ${m.height}}`)
    .join(',\n  ');
  return [
    `mix = {\n  ${quoted}\n}`,
    'threads = {}',
    'function setup(thread) table.insert(threads, thread) end',
    'function init(args)',
    `  math.randomseed(${Date.now() % 100000} + (os.time() % 1000))`,
    '  n = math.random(0, 1000000); sent = 0; sw = 0; sh = 0; sa = 0',
    '  minw = 1e9; maxw = 0; minh = 1e9; maxh = 0',
    'end',
    'request = function()',
    '  n = n + 1',
    `  ${size}`,
    `  ${path}`,
    '  sent = sent + 1; sw = sw + w; sh = sh + h; sa = sa + w * h',
    '  if w < minw then minw = w end; if w > maxw then maxw = w end',
    '  if h < minh then minh = h end; if h > maxh then maxh = h end',
    '  return wrk.format(nil, path)',
    'end',
    'function done(summary, latency, requests)',
    '  for _, t in ipairs(threads) do',
    '    local c = t:get("sent")',
    '    if c > 0 then',
    '      io.write(string.format("SENT %d w %d..%d mean %.0f h %d..%d mean %.0f area %.0f\\n",',
    '        c, t:get("minw"), t:get("maxw"), t:get("sw") / c, t:get("minh"), t:get("maxh"), t:get("sh") / c, t:get("sa") / c))',
    '    end',
    '  end',
    'end',
  ].join('\n');
}

function parseWrk(
  output: string,
  seconds: number,
): { rps: number; p50Ms: number; p99Ms: number; refused: number; sent: string } {
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
  const sent = /^SENT (.*)$/m.exec(output)?.[1] ?? '';
  return {
    rps,
    p50Ms: ms('50'),
    p99Ms: ms('99'),
    refused: total > 0 ? refused / total : 0,
    sent: sent ? `${sent.replace(/^(\d+)/, '$1 requests:')}` : '',
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

type Measured = Omit<HttpRow, 'workload' | 'target' | 'baseline'>;

/** Seconds of load each target gets before its rounds are measured. */
const WARM_UP_S = 2;

/** Each target of a workload once per round, in turn, for `options.runs` rounds. */
async function measureGroup(
  targets: readonly Target[],
  sizes: Sizes,
  options: HttpOptions,
  dir: string,
): Promise<Measured[]> {
  const scripts = await Promise.all(
    targets.map(async (target) => {
      const script = join(dir, `${target.name.replace(/\W+/g, '-')}-${sizes}.lua`);
      await writeFile(script, luaScript(target.pattern, sizes, target.mix));
      return script;
    }),
  );
  const samples = targets.map((): ReturnType<typeof parseWrk>[] => []);
  // A warm-up, not counted: a server just started loads fonts and compiles its hot paths.
  for (const [k, target] of targets.entries()) {
    await run('wrk', [
      '-t1',
      `-c${options.connections}`,
      `-d${WARM_UP_S}s`,
      '-s',
      scripts[k] as string,
      target.base,
    ]);
    await idle(target.base);
  }
  for (let round = 0; round < options.runs; round++) {
    for (const [k, target] of targets.entries()) {
      const { stdout } = await run('wrk', [
        '-t1',
        `-c${options.connections}`,
        `-d${options.seconds}s`,
        '--latency',
        '-s',
        scripts[k] as string,
        target.base,
      ]);
      samples[k]?.push(parseWrk(stdout, options.seconds));
      await idle(target.base);
    }
  }
  return Promise.all(
    targets.map(async (target, k) => {
      const own = samples[k] ?? [];
      const sample =
        sizes === 'mix'
          ? (target.mix?.[0]?.path ?? '/')
          : target.pattern
              .replace('%W', sizes === 'large' ? '3950' : '600')
              .replace('%H', sizes === 'large' ? '3950' : '400');
      return {
        rps: median(own.map((s) => s.rps)),
        p50Ms: median(own.map((s) => s.p50Ms)),
        p99Ms: median(own.map((s) => s.p99Ms)),
        refused: median(own.map((s) => s.refused)),
        bytes: await imageBytes(target.base + sample),
        sent: own.at(-1)?.sent ?? '',
        roundsRps: own.map((s) => s.rps),
      };
    }),
  );
}

/**
 * The size of the image at `url`, from an answer that is one (a server just out of a load test
 * may still refuse or fail a request): NaN when none came in ten tries.
 */
async function imageBytes(url: string): Promise<number> {
  for (let i = 0; i < 10; i++) {
    const response = await fetch(url).catch(() => undefined);
    const body = await response?.arrayBuffer().catch(() => undefined);
    if (response?.ok && response.headers.get('content-type')?.startsWith('image/') && body) {
      return body.byteLength;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return Number.NaN;
}

/** Wait until a standin has no render queued or running (a finished load must not bleed into the next). */
async function idle(base: string) {
  for (let i = 0; i < 600; i++) {
    const text = await fetch(`${base}/metrics`).then(
      (r) => (r.ok && r.headers.get('content-type')?.startsWith('text/plain') ? r.text() : ''),
      () => '',
    );
    if (text === '') return; // not a standin
    const busy = /^standin_render_in_flight (\d+)/m.exec(text)?.[1];
    if (busy === '0') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Refuse to start a peer on a port something else already answers on. */
async function portFree(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
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

/** Stop a peer and everything it forked (PHP's and gunicorn's workers): its process group. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) return done();
    child.once('exit', () => done());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  });
}

/** A peer as a child process, answering at `base` once `probe` does. */
async function startPeer(
  children: ChildProcess[],
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
  probe: string,
): Promise<void> {
  if (!(await portFree(probe)))
    throw new Error(`${probe} already answers: stop what holds the port`);
  // Its own process group, so that stop() reaches the workers it forks.
  children.push(spawn(command, args, { ...options, stdio: 'ignore', detached: true }));
  await waitFor(probe);
}

/**
 * The real mix (bench/real-urls.json: paths found in public code) as each target reads it:
 * standin reads every path as it is; Flask + Pillow only knows /{w}x{h}; dummyimage's own code
 * gets /{w}x{h}.{format} (PNG for the formats it lacks). Sizes are what standin draws.
 */
async function realMix(): Promise<{
  standin: MixEntry[];
  flask: MixEntry[];
  dummyimage: MixEntry[];
  refused: number;
  formats: string;
}> {
  const { parse } = await import('../src/index.js');
  const file = JSON.parse(await readFile(join(root, 'bench/real-urls.json'), 'utf8')) as {
    urls: { host: string; path: string }[];
  };
  const standin: MixEntry[] = [];
  const flask: MixEntry[] = [];
  const dummyimage: MixEntry[] = [];
  const formats = new Map<string, number>();
  let refused = 0;
  for (const { path: written } of file.urls) {
    // As a browser sends it: characters outside ASCII percent-encoded (wrk sends bytes as given).
    const path = written.replace(/[^\x20-\x7e]+/g, (chars) => encodeURIComponent(chars));
    let spec: ReturnType<typeof parse>;
    try {
      spec = parse(path);
    } catch {
      refused++;
      continue;
    }
    const width = spec.width * spec.scale;
    const height = spec.height * spec.scale;
    formats.set(spec.format, (formats.get(spec.format) ?? 0) + 1);
    standin.push({ path, width, height });
    flask.push({ path: `/${width}x${height}`, width, height });
    const ext = ['gif', 'jpeg', 'webp'].includes(spec.format)
      ? spec.format.replace('jpeg', 'jpg')
      : 'png';
    dummyimage.push({ path: `/${width}x${height}.${ext}`, width, height });
  }
  const described = [...formats].map(([f, n]) => `${f} ${n}`).join(', ');
  return { standin, flask, dummyimage, refused, formats: described };
}

export async function httpBench(options: HttpOptions): Promise<HttpRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-bench-'));
  await chmod(dir, 0o755); // nginx workers run as another user
  const children: ChildProcess[] = [];
  const standin = await startStandin(18401);
  try {
    const s: Target = { name: 'standin', base: standin.base, pattern: '/%Wx%H.png' };
    const png600 = join(dir, '600x400.png');
    await writeFile(
      png600,
      Buffer.from(await (await fetch(`${standin.base}/600x400.png`)).arrayBuffer()),
    );
    // nginx serving standin's own 600x400 PNG as a static file (the page cache keeps it in memory).
    let nginx: Target | undefined;
    if (NGINX) {
      await writeFile(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log; worker_processes 2;
events { worker_connections 1024; }
http { access_log off; open_file_cache max=10; sendfile on; tcp_nopush on;
  client_body_temp_path ${dir}/b; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;
  server { listen 127.0.0.1:18402; root ${dir}; location / { default_type image/png; try_files /600x400.png =404; } } }`,
      );
      await startPeer(
        children,
        NGINX,
        ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
        {},
        'http://127.0.0.1:18402/600x400',
      );
      nginx = { name: 'nginx static', base: 'http://127.0.0.1:18402', pattern: '/%Wx%H' };
    }
    // A bare Fastify route serving the same bytes: the floor for a Node server.
    await startPeer(
      children,
      process.execPath,
      ['--import', 'tsx', join(root, 'bench/bare.ts'), '18405', png600],
      { cwd: root },
      'http://127.0.0.1:18405/x',
    );
    const bare: Target = {
      name: 'bare fastify',
      base: 'http://127.0.0.1:18405',
      pattern: '/%Wx%H',
    };

    const mix = await realMix();
    console.error(
      `real mix: ${mix.standin.length} URLs (${mix.refused} refused by standin and left out); formats ${mix.formats}`,
    );

    let flask: Target | undefined;
    if (existsSync(join(FLASK_DIR, 'server.py'))) {
      await startPeer(
        children,
        '/usr/bin/python3',
        ['-m', 'gunicorn', '-w', '2', '-b', '127.0.0.1:18190', 'server:app'],
        { cwd: FLASK_DIR },
        'http://127.0.0.1:18190/10x10',
      ).catch(() => undefined);
      flask = {
        name: 'flask+pillow',
        base: 'http://127.0.0.1:18190',
        pattern: '/%Wx%H',
        mix: mix.flask,
      };
    }
    let dummy: Target | undefined;
    if (PHP && existsSync(join(DUMMYIMAGE_DIR, 'code.php'))) {
      await startPeer(
        children,
        PHP,
        ['-S', '127.0.0.1:18204', '-t', DUMMYIMAGE_DIR, join(DUMMYIMAGE_DIR, 'router.php')],
        // code.php opens its font by a path relative to the working directory: from anywhere
        // else GD draws no text at all (a 148-byte PNG), which is not the peer's real work.
        { cwd: DUMMYIMAGE_DIR, env: { ...process.env, PHP_CLI_SERVER_WORKERS: '2' } },
        'http://127.0.0.1:18204/10x10',
      );
      // Its text is drawn with its TrueType font: a sample without it would be a few hundred
      // bytes at most, and every figure against it would flatter standin.
      const sample = await imageBytes('http://127.0.0.1:18204/600x400.png');
      if (!(sample > 1000)) {
        throw new Error(`dummyimage drew no text (${sample} bytes at 600x400): is its font there?`);
      }
      dummy = {
        name: 'dummyimage (php+gd)',
        base: 'http://127.0.0.1:18204',
        pattern: '/%Wx%H.png',
        mix: mix.dummyimage,
      };
    }

    const rows: HttpRow[] = [];
    /**
     * `row` against `baseline`: images/s as the median of the rounds' ratios when both were
     * measured in the same rounds, else the ratio of the medians.
     */
    const against = (row: Measured & { target: string; workload: string }, baseline: HttpRow) => {
      const paired =
        baseline.workload === row.workload &&
        baseline.roundsRps.length === row.roundsRps.length &&
        row.roundsRps.length > 0;
      return {
        ...row,
        baseline: baseline.target,
        rpsRatio: paired
          ? median(row.roundsRps.map((rps, i) => rps / (baseline.roundsRps[i] ?? Number.NaN)))
          : row.rps / baseline.rps,
        p50Ratio: row.p50Ms / baseline.p50Ms,
        bytesRatio: row.bytes / baseline.bytes,
      };
    };
    /**
     * Measure a workload's targets in turn; each row's baseline is a row measured before it
     * (in the same group, or, for the standin-only workloads, another).
     */
    const addGroup = async (
      workload: string,
      sizes: Sizes,
      members: readonly {
        target: Target;
        baseline?: (earlier: HttpRow[]) => HttpRow | undefined;
      }[],
    ): Promise<HttpRow[]> => {
      const measured = await measureGroup(
        members.map((m) => m.target),
        sizes,
        options,
        dir,
      );
      const group: HttpRow[] = [];
      members.forEach(({ target, baseline }, k) => {
        const m = measured[k] as Measured;
        const base = baseline?.(group);
        const plain = { workload, target: target.name, ...m };
        const row: HttpRow = base ? against(plain, base) : { ...plain, baseline: '' };
        group.push(row);
        rows.push(row);
        console.error(
          `${workload} ${target.name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50Ms} ms; sent ${m.sent}`,
        );
      });
      return group;
    };
    /** The same measurement once more in the table, as a ratio to another baseline. */
    const alsoAgainst = (row: HttpRow, baseline: HttpRow) => rows.push(against(row, baseline));

    const first = (group: HttpRow[]) => group[0];
    const previous = (group: HttpRow[]) => group.at(-1);
    // The same standin with two server processes (STANDIN_PROCESSES=2), for the cluster's gain.
    const pair = await startStandin(18403, { STANDIN_PROCESSES: '2' });
    try {
      await addGroup('warm', 'fixed', [
        { target: bare },
        ...(nginx ? [{ target: nginx, baseline: first }] : []),
        { target: s, baseline: first },
        {
          target: { name: 'standin ×2 processes', base: pair.base, pattern: s.pattern },
          baseline: first,
        },
      ]);
    } finally {
      await pair.stop();
    }

    // Flask + Pillow, then dummyimage against it (each reads the real mix its own way).
    const peers = [
      ...(flask ? [{ target: flask }] : []),
      ...(dummy ? [{ target: dummy, baseline: first }] : []),
    ];
    const cold = await addGroup('cold', 'cold', [...peers, { target: s, baseline: previous }]);
    const flaskCold = flask ? cold[0] : undefined;
    const standinCold = cold.at(-1) as HttpRow;
    if (flask && dummy && flaskCold) alsoAgainst(standinCold, flaskCold);

    // The real mix, every request rendered: a standin with its cache off.
    const uncached = await startStandin(18406, { STANDIN_CACHE_BYTES: '0' });
    try {
      const mixed = await addGroup('real mix', 'mix', [
        ...peers,
        {
          target: {
            name: 'standin, cache off',
            base: uncached.base,
            pattern: '',
            mix: mix.standin,
          },
          baseline: previous,
        },
      ]);
      if (flask && dummy) alsoAgainst(mixed.at(-1) as HttpRow, mixed[0] as HttpRow);
    } finally {
      await uncached.stop();
    }

    await addGroup('large', 'large', [
      ...(flask ? [{ target: flask }] : []),
      { target: s, baseline: previous },
    ]);
    // Standin alone in other formats, against Flask's cold PNG above (ratio of the medians).
    const versusFlaskCold = () => flaskCold;
    await addGroup('svg', 'cold', [
      { target: { ...s, pattern: '/%Wx%H' }, baseline: versusFlaskCold },
    ]);
    await addGroup('webp', 'cold', [
      { target: { ...s, pattern: '/%Wx%H.webp' }, baseline: versusFlaskCold },
    ]);
    await addGroup('avif', 'cold', [
      { target: { ...s, pattern: '/%Wx%H.avif' }, baseline: versusFlaskCold },
    ]);
    return rows;
  } finally {
    await Promise.all(children.map(stop));
    await standin.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
