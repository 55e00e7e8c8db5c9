/**
 * `standin protect`: HTML files, a directory of them, or standard input, with every e-mail
 * address and phone number turned into a sealed image (src/protect/html.ts). Prints what it
 * replaced as counts, never the addresses unless asked (`--list`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { protectBytes } from '../index.js';
import type { ProtectHtmlOptions, ProtectReport } from '../protect/html.js';
import { type CliIo, numberOption, requireEnvKey, UsageError } from './io.js';

export const PROTECT_USAGE = `protect options (paths: .html files or directories of them; none or - : stdin to stdout):
  --out <dir>         write the protected files here (mirroring directories)
  --in-place          overwrite the files instead
  --base <url>        where the images are served, e.g. https://img.example.com
  --region <CC>       country for numbers written without +code (US, GB, DE...)
  --size <px> --fg <colour> --bg <colour> --font <name> --format png|svg|webp
                      how addresses are drawn (an element's data-standin-size,
                      data-standin-color... override these for what is inside it)
  --mailto <form-url> send mailto: links to your contact form (default: drop their href)
  --obfuscated        also replace "name [at] example [dot] com" (default: only counted)
  --list              print each replaced text to stderr (plain text: keep it private)
`;

const HTML_FILE = /\.x?html?$/i;

/** Every HTML file under `path` (itself, if it is one). */
function htmlFiles(path: string): string[] {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw new UsageError(`no such file or directory: ${path}`);
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => HTML_FILE.test(name))
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function summary(reports: readonly ProtectReport[], files: number): string {
  const sum = (pick: (r: ProtectReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const obfuscated = sum((r) => r.obfuscatedFound);
  const replacedObfuscated = sum((r) => r.obfuscatedReplaced);
  const parts = [
    `${sum((r) => r.emails)} e-mail addresses`,
    `${sum((r) => r.phones)} phone numbers`,
    `${sum((r) => r.mailtoLinks)} mailto: links`,
  ];
  const note =
    obfuscated === 0
      ? ''
      : replacedObfuscated > 0
        ? `; ${replacedObfuscated} written as "name [at] example [dot] com" replaced`
        : `; ${obfuscated} written as "name [at] example [dot] com" found and left (--obfuscated replaces them)`;
  return `protected ${files} ${files === 1 ? 'page' : 'pages'}: ${parts.join(', ')}${note}\n`;
}

export async function protectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'in-place': { type: 'boolean' },
      base: { type: 'string' },
      region: { type: 'string' },
      size: { type: 'string' },
      fg: { type: 'string' },
      bg: { type: 'string' },
      font: { type: 'string' },
      format: { type: 'string' },
      mailto: { type: 'string' },
      obfuscated: { type: 'boolean' },
      list: { type: 'boolean' },
    },
  });
  const key = requireEnvKey(io, 'STANDIN_SEAL_KEY', 'protect');
  const region = values.region?.toUpperCase();
  if (region !== undefined && !isSupportedCountry(region)) {
    throw new UsageError(
      `--region must be a country code such as US, GB or DE, got ${JSON.stringify(values.region)}`,
    );
  }
  const size = numberOption('size', values.size, 'a number of pixels');
  const format = values.format;
  if (format !== undefined && format !== 'png' && format !== 'svg' && format !== 'webp') {
    throw new UsageError(`--format must be png, svg or webp, got ${JSON.stringify(format)}`);
  }
  const options: ProtectHtmlOptions & { key: string } = {
    key,
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(region !== undefined && isSupportedCountry(region) ? { region } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(values.fg !== undefined ? { fg: values.fg } : {}),
    ...(values.bg !== undefined ? { bg: values.bg } : {}),
    ...(values.font !== undefined ? { font: values.font } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(values.mailto !== undefined ? { mailto: { form: values.mailto } } : {}),
    ...(values.obfuscated ? { obfuscated: true } : {}),
    ...(values.list ? { listReplaced: true } : {}),
  };

  const report = (name: string, result: ProtectReport) => {
    if (result.warning) io.stderr.write(`standin: ${name}: ${result.warning}\n`);
    for (const item of result.replaced ?? []) {
      io.stderr.write(`${name}: ${item.kind} ${item.text}\n`);
    }
  };

  if (positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-')) {
    if (!io.stdin) throw new UsageError('no standard input to read; name the files to protect');
    if (values.out !== undefined || values['in-place']) {
      throw new UsageError(
        '--out and --in-place are for files; from stdin the page goes to stdout',
      );
    }
    const result = protectBytes(await readAll(io.stdin), options);
    io.stdout.write(result.bytes);
    report('stdin', result.report);
    io.stderr.write(summary([result.report], 1));
    return 0;
  }

  if (values.out !== undefined && values['in-place']) {
    throw new UsageError('choose one: --out <dir> or --in-place');
  }
  const files = positionals.flatMap((path) =>
    htmlFiles(path).map((file) => ({
      file,
      root: statSync(path).isDirectory() ? path : dirname(path),
    })),
  );
  if (files.length > 1 && values.out === undefined && !values['in-place']) {
    throw new UsageError(
      `${files.length} pages to protect: say where they go with --out <dir>, or --in-place`,
    );
  }
  const reports: ProtectReport[] = [];
  for (const { file, root } of files) {
    const result = protectBytes(readFileSync(file), options);
    reports.push(result.report);
    report(file, result.report);
    if (values['in-place']) {
      await writeFile(file, result.bytes);
    } else if (values.out !== undefined) {
      const target = join(values.out, relative(root, file));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, result.bytes);
    } else {
      io.stdout.write(result.bytes);
    }
  }
  io.stderr.write(summary(reports, files.length));
  return 0;
}
