/**
 * The command line: `standin serve`, `standin render`, `seal`, `sign`, `keygen`. Argument
 * parsing only; the work is done by the same core as the server's. `run(argv, io)` takes its
 * streams and environment as arguments, so tests run it in process; main.ts wires it to the
 * real ones.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_LIMITS, loadConfig, OPTIONS, STRING_OPTIONS } from '../config.js';
import { StandinError } from '../errors.js';
import { buildServer } from '../http/server.js';
import { generateKey, render, seal, sign } from '../index.js';
import {
  formatFromName,
  GRAMMAR_NAMES,
  type GrammarName,
  isGrammarName,
  parseSize,
} from '../spec/parse.js';
import type { FontName, Format, Scale } from '../spec/types.js';
import { type CliIo, numberOption, requireEnvKey, UsageError } from './io.js';
import { PROTECT_USAGE, protectCommand } from './protect.js';

export type { CliIo } from './io.js';

/** `standin serve` flags, each for one option of the configuration table. */
const SERVE_OPTIONS: readonly {
  flag: string;
  env: string;
  value: string;
  default: string;
  doc: string;
}[] = [
  ...Object.values(OPTIONS).map((o) => ({ ...o, value: '<n>', default: String(o.default) })),
  ...Object.values(STRING_OPTIONS).map((o) => ({ ...o, value: '<text>', default: o.default })),
];
const SERVE_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(
  SERVE_OPTIONS.map((o) => [o.flag, o.env]),
);

const SERVE_USAGE = SERVE_OPTIONS.map(
  (o) => `  --${`${o.flag} ${o.value}`.padEnd(24)}${o.env}, default ${o.default}\n      ${o.doc}`,
).join('\n');

const USAGE = `standin: self-hosted placeholder images

Usage:
  standin serve [options]            start the HTTP server
  standin render <size|path> [options]
                                     write one image to a file or stdout
  standin keygen                     print a new key for STANDIN_SEAL_KEY or STANDIN_SIGNING_KEY
  standin seal <text> [options]      print a sealed image path, /t/{token}.png (STANDIN_SEAL_KEY)
  standin sign <path>                print the path with its signature (STANDIN_SIGNING_KEY)
  standin protect [<file|dir>...]    e-mail addresses and phone numbers in HTML become sealed
                                     images (STANDIN_SEAL_KEY); stdin to stdout without paths
  standin help                       show this text
  standin --version                  print the version

serve options (each overrides its environment variable):
${SERVE_USAGE}

render options:
  -o, --output <file> write here (default: stdout); its extension picks the format
  --batch <file> --out <dir>
                      render every URL path in the file (one a line) into the directory
  --format <f>        svg, png, jpeg, gif, webp, avif
  --text <text>       text to draw ("\\n" breaks lines)
  --font <name>       lato, roboto, open-sans, ... (see README)
  --bg <colour>       background: hex, CSS name or transparent
  --fg <colour>       text colour
  --font-size <px>    fixed text size instead of fitting
  --scale <1|2|3>     retina factor for raster formats

seal options:
  --font <name> --size <px> --fg <colour> --bg <colour> --padding <px>
  --format <f>        png (default), svg, webp, ...
  --expires <time>    e.g. 3600 (seconds), 30m, 12h, 7d: the link stops working after it
  --base <url>        print a full URL, e.g. https://img.example.com

${PROTECT_USAGE}
Examples:
  standin serve --port 3000
  standin render 600x400 -o hero.png --text "Hero image" --font roboto
  standin render /600x400/000/fff.webp?text=Hi -o hi.webp
  standin render 1200x630@2x --format avif > og.avif
  STANDIN_SEAL_KEY=$(standin keygen) standin seal "jane@example.com" --size 20
  standin protect site/ --out protected/ --base https://img.example.com --region GB

Exit codes: 0 done, 1 the image was refused (the message says why), 2 bad usage.
`;

async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(
      Object.keys(SERVE_FLAGS).map((flag) => [flag, { type: 'string' as const }]),
    ),
    strict: true,
  });
  const env: Record<string, string | undefined> = { ...io.env };
  for (const [flag, variable] of Object.entries(SERVE_FLAGS)) {
    const value = values[flag];
    if (typeof value === 'string') env[variable] = value;
  }
  const config = loadConfig(env);
  if (config.processes > 1 && cluster.isPrimary) return supervise(config.processes);
  const app = await buildServer({ config });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    // Renders are bounded by their deadline; past it (and a margin), stop waiting.
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.render.timeoutMs + 5000).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    io.stderr.write(`standin: ${listenFailure(error, config.host, config.port)}\n`);
    // The render threads would keep the process alive: stop them, then leave.
    await app.close().catch(() => {});
    process.exit(1);
  }
  return 0;
}

/** Why the server could not listen, in words that say what to change. */
function listenFailure(error: unknown, host: string, port: number): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return `cannot listen on ${where}: the port is in use by another program; stop it or choose another port (PORT or --port)`;
  }
  if (code === 'EACCES') {
    return `cannot listen on ${where}: permission denied; ports below 1024 need privileges, choose another (PORT or --port)`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `cannot listen on ${where}: this machine has no such address; check HOST`;
  }
  return `cannot listen on ${where}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The primary of a cluster: start `count` server processes on the shared port, replace any
 * that dies, and on SIGTERM/SIGINT stop them all (each drains its requests) and exit 0.
 */
async function supervise(count: number): Promise<number> {
  let stopping = false;
  const listened = new Set<number>();
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('listening', (worker) => listened.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!listened.has(worker.id)) {
      // It never served: a port in use, a bad setting, a missing font. Another would fail
      // the same way, so the whole server stops (the child has said why on stderr).
      process.stderr.write(
        `standin: process ${worker.process.pid} could not start (${signal ?? `exit ${code}`}); stopping the server\n`,
      );
      stop(1);
      return;
    }
    process.stderr.write(
      `standin: process ${worker.process.pid} died (${signal ?? code}); starting another\n`,
    );
    cluster.fork();
  });
  const stop = (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    let alive = workers.length;
    if (alive === 0) process.exit(exitCode);
    for (const worker of workers) {
      worker?.once('exit', () => {
        alive--;
        if (alive === 0) process.exit(exitCode);
      });
      worker?.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', () => stop());
  process.on('SIGINT', () => stop());
  return 0;
}

/** A file name for the image of a URL path: its characters that are safe, and its format. */
function fileNameFor(path: string, format: string, taken: Set<string>): string {
  const ext = format === 'jpeg' ? 'jpg' : format;
  const stem =
    path
      .replace(/^\/+/, '')
      .replace(/\.(svg|png|jpe?g|gif|webp|avif)$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 100) || 'image';
  let name = `${stem}.${ext}`;
  for (let i = 2; taken.has(name); i++) name = `${stem}-${i}.${ext}`;
  taken.add(name);
  return name;
}

const BAR_WIDTH = 24;

/** One line of progress for a terminal: `[#########...............]  12/40  30%  /600x400.png`. */
export function progressLine(done: number, total: number, current: string): string {
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * BAR_WIDTH);
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  // No terminal escapes from a path in the list.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const safe = current.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const label = safe.length > 40 ? `${safe.slice(0, 39)}…` : safe;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${count} ${String(Math.round(share * 100)).padStart(3)}%  ${label}`;
}

/**
 * `render --batch FILE --out DIR`: every URL path in FILE (one a line; blank lines and lines
 * starting with # skipped) rendered into DIR, for fixture sets in a build. Progress on a
 * terminal, a summary at the end; exit 1 if any path failed (each failure is named).
 */
async function renderBatch(file: string, dir: string, io: CliIo): Promise<number> {
  let list: string;
  try {
    list = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const paths = list
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  await mkdir(dir, { recursive: true });
  const taken = new Set<string>();
  const failed: string[] = [];
  let bytes = 0;
  const tty = io.stderr.isTTY === true;
  // The bar is redrawn in place (\r, then clear to the end of the line) and erased at the end.
  const draw = (line: string) => io.stderr.write(`\r${line}\u001b[K`);
  for (const [i, path] of paths.entries()) {
    if (tty) draw(progressLine(i, paths.length, path));
    try {
      if (!path.startsWith('/')) throw new UsageError('a URL path starts with /');
      const image = await render(path, cliKeys(io));
      await writeFile(join(dir, fileNameFor(path, image.format, taken)), image.body);
      bytes += image.body.length;
    } catch (error) {
      failed.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (tty) draw('');
  for (const failure of failed) io.stderr.write(`standin: ${failure}\n`);
  io.stderr.write(
    `${paths.length - failed.length} of ${paths.length} images written to ${dir} (${bytes} bytes)${failed.length > 0 ? `; ${failed.length} failed` : ''}\n`,
  );
  return failed.length > 0 ? 1 : 0;
}

/** The format an output file's extension names; a usage error for one standin does not make. */
function outputFormatOf(file: string): ReturnType<typeof formatFromName> {
  const ext = extname(file).slice(1);
  if (ext === '') return undefined;
  const format = formatFromName(ext);
  if (!format) {
    throw new UsageError(
      `the output file ends in .${ext}, which standin does not make: use .svg, .png, .jpg, .gif, .webp or .avif`,
    );
  }
  return format;
}

async function renderCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      text: { type: 'string' },
      font: { type: 'string' },
      bg: { type: 'string' },
      fg: { type: 'string' },
      'font-size': { type: 'string' },
      scale: { type: 'string' },
      batch: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values.batch !== undefined) {
    if (positionals.length > 0) throw new UsageError('--batch takes its paths from the file');
    if (values.out === undefined)
      throw new UsageError('--batch needs --out DIR, where the images go');
    return renderBatch(values.batch, values.out, io);
  }
  const [target, ...extra] = positionals;
  if (target === undefined) throw new UsageError('render needs a size (600x400) or a URL path');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);

  const output = values.output;
  const outputFormat = output ? outputFormatOf(output) : undefined;
  if (values.format !== undefined && formatFromName(values.format) === undefined) {
    throw new UsageError(
      `--format must be one of svg, png, jpeg, jpg, gif, webp, avif, got ${JSON.stringify(values.format)}`,
    );
  }
  if (
    outputFormat &&
    values.format !== undefined &&
    formatFromName(values.format) !== outputFormat
  ) {
    throw new UsageError(
      `--format ${values.format} but the output file ends in ${extname(output ?? '')}: make them agree, or leave --format out`,
    );
  }
  const fontSize = numberOption('font-size', values['font-size'], 'a number of pixels');
  if (values.scale !== undefined && !['1', '2', '3'].includes(values.scale)) {
    throw new UsageError(`--scale must be 1, 2 or 3, got ${JSON.stringify(values.scale)}`);
  }

  let image: Awaited<ReturnType<typeof render>>;
  if (target.startsWith('/')) {
    for (const flag of ['format', 'bg', 'fg', 'scale'] as const) {
      if (values[flag] !== undefined) {
        throw new UsageError(`--${flag} cannot be combined with a URL path: put it in the path`);
      }
    }
    const query = new URLSearchParams();
    if (values.text !== undefined) query.set('text', values.text);
    if (values.font !== undefined) query.set('font', values.font);
    if (values['font-size'] !== undefined) query.set('font-size', values['font-size']);
    const joined = query.size > 0 ? `${target}${target.includes('?') ? '&' : '?'}${query}` : target;
    // Sealed paths (what `standin seal` prints) open with the server's key, if it is set here.
    image = await render(joined, cliKeys(io));
    if (outputFormat && outputFormat !== image.format) {
      throw new UsageError(
        `the path asks for ${image.format} but the output file ends in ${extname(output ?? '')}`,
      );
    }
  } else {
    // The size argument is read by the same rules as a URL's size segment.
    const size = parseSize(target, DEFAULT_LIMITS);
    // Flags are strings from the command line: render() checks them at run time, as it does
    // for any JavaScript caller, with the same messages as a URL's.
    image = await render({
      width: size.width,
      height: size.height,
      scale: (size.scale !== 1 ? size.scale : Number(values.scale ?? 1)) as Scale,
      ...(values.format !== undefined || outputFormat !== undefined
        ? { format: (values.format ?? outputFormat ?? 'svg') as Format }
        : {}),
      ...(values.text !== undefined ? { text: values.text } : {}),
      ...(values.font !== undefined ? { font: values.font as FontName } : {}),
      ...(values.bg !== undefined ? { background: values.bg } : {}),
      ...(values.fg !== undefined ? { foreground: values.fg } : {}),
      ...(fontSize !== undefined ? { fontSize } : {}),
    });
  }

  if (output) {
    await writeFile(output, image.body);
    io.stderr.write(`wrote ${output} (${image.contentType}, ${image.body.length} bytes)\n`);
  } else {
    if (io.stdout.isTTY && image.format !== 'svg') {
      throw new UsageError('refusing to write binary image data to a terminal: use -o or redirect');
    }
    io.stdout.write(image.body);
  }
  return 0;
}

/** `3600`, `30m`, `12h`, `7d` → seconds. */
function parseDuration(input: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(input.trim());
  if (!match)
    throw new UsageError(
      `--expires must look like 3600, 30m, 12h or 7d, got ${JSON.stringify(input)}`,
    );
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

function sealCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      font: { type: 'string' },
      size: { type: 'string' },
      fg: { type: 'string' },
      bg: { type: 'string' },
      padding: { type: 'string' },
      format: { type: 'string' },
      expires: { type: 'string' },
      base: { type: 'string' },
    },
    strict: true,
  });
  const [text, ...extra] = positionals;
  if (text === undefined)
    throw new UsageError('seal needs the text to seal, e.g. standin seal "jane@example.com"');
  if (extra.length > 0) throw new UsageError('quote the text: standin seal "two words"');
  const size = numberOption('size', values.size);
  const padding = numberOption('padding', values.padding);
  const path = seal(text, {
    key: requireEnvKey(io, 'STANDIN_SEAL_KEY', 'seal'),
    ...(values.font !== undefined ? { font: values.font } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(values.fg !== undefined ? { fg: values.fg } : {}),
    ...(values.bg !== undefined ? { bg: values.bg } : {}),
    ...(padding !== undefined ? { padding } : {}),
    ...(values.format !== undefined ? { format: values.format } : {}),
    ...(values.expires !== undefined
      ? { expiresAt: Math.floor(Date.now() / 1000) + parseDuration(values.expires) }
      : {}),
  });
  io.stdout.write(`${values.base ? values.base.replace(/\/$/, '') : ''}${path}\n`);
  return 0;
}

/** This package's version, from its package.json. */
function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : '?';
  } catch {
    return '?';
  }
}

/** The CLI, unlike the library, reads its keys from the environment, as the server does. */
function cliKeys(io: CliIo): { sealKey?: string; grammar?: GrammarName } {
  const seal = io.env.STANDIN_SEAL_KEY?.trim();
  // The deployment's reading, as the server would apply it (STANDIN_GRAMMAR).
  const name = io.env.STANDIN_GRAMMAR?.trim().toLowerCase() ?? '';
  if (name !== '' && !isGrammarName(name)) {
    throw new UsageError(
      `STANDIN_GRAMMAR must be one of ${GRAMMAR_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  const grammar: GrammarName | undefined = isGrammarName(name) ? name : undefined;
  return { ...(seal ? { sealKey: seal } : {}), ...(grammar ? { grammar } : {}) };
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case '--version':
    case '-v':
    case 'version':
      io.stdout.write(`standin ${packageVersion()}\n`);
      return 0;
    case 'keygen':
      io.stdout.write(`${generateKey()}\n`);
      return 0;
    case 'seal':
      return sealCommand(args, io);
    case 'sign': {
      const [path, ...extra] = args;
      if (path === undefined || extra.length > 0 || !path.startsWith('/')) {
        throw new UsageError('sign needs one URL path, e.g. standin sign "/600x400.png?text=Hi"');
      }
      io.stdout.write(`${sign(path, { key: requireEnvKey(io, 'STANDIN_SIGNING_KEY', 'sign') })}\n`);
      return 0;
    }
    case 'protect':
      return protectCommand(args, io);
    case 'serve':
      return serve(args, io);
    case 'render':
      return renderCommand(args, io);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** Run a command; resolves to its exit code (0 ok, 1 failed, 2 misused), never rejects. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`standin: ${error.message}\nRun "standin help" for usage.\n`);
      return 2;
    }
    if (error instanceof StandinError) {
      io.stderr.write(`standin: ${error.message} (${error.code})\n`);
      return 1;
    }
    if (
      error instanceof Error &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr.write(`standin: ${error.message}\nRun "standin help" for usage.\n`);
      return 2;
    }
    io.stderr.write(`standin: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
