/** The CLI in process (run(argv, io)): usage mistakes exit 2 with a message that quotes them. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressLine, run } from '../../src/cli/run.js';
import { generateKey } from '../../src/index.js';

async function cli(...argv: string[]) {
  return cliOn(false, ...argv);
}

/** The CLI with stderr a terminal (`tty`) or not, `input` on stdin and `env`. */
async function cliOn(tty: boolean, ...argv: string[]) {
  return cliWith({ tty }, ...argv);
}

async function cliWith(
  setup: { tty?: boolean; input?: string; env?: Record<string, string> },
  ...argv: string[]
) {
  const out: Buffer[] = [];
  let err = '';
  const code = await run(argv, {
    stdout: { write: (chunk) => out.push(Buffer.from(chunk)) },
    stderr: { write: (chunk) => (err += chunk), isTTY: setup.tty ?? false },
    ...(setup.input === undefined ? {} : { stdin: Readable.from([Buffer.from(setup.input)]) }),
    env: setup.env ?? {},
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: err };
}

describe('standin CLI', () => {
  it('prints its version', async () => {
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^standin \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['render', '600x400', '-o', 'x.tiff'], 'ends in .tiff, which standin does not make'],
    [
      ['render', '600x400', '-o', 'x.png', '--format', 'jpeg'],
      '--format jpeg but the output file ends in .png',
    ],
    [['render', '600x400', '--format', 'bmp'], 'got "bmp"'],
    [
      ['render', '600x400', '--font-size', 'abc'],
      '--font-size must be a number of pixels, got "abc"',
    ],
    [['render', '600x400', '--scale', '4'], '--scale must be 1, 2 or 3, got "4"'],
    [
      ['render', '/600x400.png', '-o', 'x.webp'],
      'the path asks for png but the output file ends in .webp',
    ],
    [['seal', 'x'], 'export STANDIN_SEAL_KEY=$(standin keygen)'],
  ])('%j exits 2 saying what to change', async (argv, message) => {
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('renders a list of paths into a directory, and says which failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-batch-'));
    const list = join(dir, 'fixtures.txt');
    writeFileSync(
      list,
      [
        '# fixtures',
        '/300x200.png',
        '/300x200/png',
        '/150/000/fff?text=Hi',
        '',
        '/99999',
        'nope',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const { code, stderr } = await cli('render', '--batch', list, '--out', out);
    expect(code).toBe(1);
    expect(readdirSync(out).sort()).toEqual([
      '150_000_fff_text_Hi.svg',
      '300x200.png',
      '300x200_png.png',
    ]);
    expect(stderr).toContain('/99999: width must be between 1 and 4000');
    expect(stderr).toContain('nope: a URL path starts with /');
    expect(stderr).toContain(`3 of 5 images written to ${out}`);
  });

  it('draws a progress bar on a terminal, and none into a pipe', async () => {
    expect(progressLine(0, 40, '/600x400.png')).toBe(
      '[........................]  0/40   0%  /600x400.png',
    );
    expect(progressLine(10, 40, '/a')).toMatch(/^\[#{6}\.{18}\] 10\/40 {2}25%/);
    expect(progressLine(1, 2, `/${'x'.repeat(80)}\u001b[31m`)).not.toContain('\u001b');
    const dir = mkdtempSync(join(tmpdir(), 'standin-bar-'));
    const list = join(dir, 'list.txt');
    writeFileSync(list, ['/100x100.png', '/200x100.png', '/300x100.png'].join('\n'));
    const onTerminal = await cliOn(true, 'render', '--batch', list, '--out', join(dir, 'a'));
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toContain('[########################]'.replace(/#/g, '.'));
    expect(onTerminal.stderr).toContain(' 2/3  67%  /300x100.png');
    expect(onTerminal.stderr).toContain('3 of 3 images written');
    const piped = await cliOn(false, 'render', '--batch', list, '--out', join(dir, 'b'));
    expect(piped.stderr).not.toContain('[');
    expect(piped.stderr).toBe(
      `3 of 3 images written to ${join(dir, 'b')} (${piped.stderr.match(/\((\d+) bytes/)?.[1]} bytes)\n`,
    );
  });

  it('protects a page from stdin to stdout, and a directory into another', async () => {
    const env = { STANDIN_SEAL_KEY: generateKey() };
    const page =
      '<p>Mail <a href="mailto:jane@example.com">jane@example.com</a>, call +1 415-555-0123</p>';
    const piped = await cliWith(
      { input: page, env },
      'protect',
      '--base',
      'https://img.example.com',
    );
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('jane@example.com');
    expect(piped.stdout).toContain('<img src="https://img.example.com/t/');
    expect(piped.stderr).toBe(
      'protected 1 page: 1 e-mail addresses, 1 phone numbers, 1 mailto: links\n',
    );
    const dir = mkdtempSync(join(tmpdir(), 'standin-protect-'));
    writeFileSync(join(dir, 'a.html'), page);
    writeFileSync(join(dir, 'notes.txt'), 'jane@example.com');
    const out = join(dir, 'out');
    const tree = await cliWith({ env }, 'protect', dir, '--out', out);
    expect(tree.code).toBe(0);
    expect(readdirSync(out)).toEqual(['a.html']);
    const listed = await cliWith({ input: page, env }, 'protect', '--list');
    expect(listed.stderr).toContain('stdin: email jane@example.com');
  });

  it.each([
    [['protect', '--region', 'XX'], '--region must be a country code'],
    [['protect', '/nowhere/at/all.html'], 'no such file or directory'],
    [['protect', '--format', 'gif'], '--format must be png, svg or webp'],
  ])('%j exits 2 saying what to change', async (argv, message) => {
    const { code, stderr } = await cliWith(
      { input: '<p></p>', env: { STANDIN_SEAL_KEY: generateKey() } },
      ...argv,
    );
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('protect without a key says how to make one', async () => {
    const { code, stderr } = await cliWith({ input: '<p></p>' }, 'protect');
    expect(code).toBe(2);
    expect(stderr).toContain('export STANDIN_SEAL_KEY=$(standin keygen)');
  });
});
