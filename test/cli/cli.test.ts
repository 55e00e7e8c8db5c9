import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, pixel } from '../helpers.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Run the CLI from source; resolves with the exit code and output, never rejects. */
async function standin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr: stderr.toString() };
  } catch (error) {
    const e = error as { code: number; stdout: Buffer; stderr: Buffer };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr.toString() };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'standin-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('standin render', () => {
  it('writes a PNG picked by the output extension, with options', async () => {
    const out = join(dir, 'hero.png');
    const result = await standin('render', '600x400', '-o', out, '--text', 'Hero', '--bg', '000');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('wrote');
    const image = decodePng(await readFile(out));
    expect([image.width, image.height]).toEqual([600, 400]);
    expect(pixel(image, 0, 0)).toEqual([0, 0, 0, 255]);
  });

  it('renders any URL path of the server', async () => {
    const out = join(dir, 'hi.webp');
    const result = await standin('render', '/300x200@2x/000/fff.webp?text=Hi', '-o', out);
    expect(result.code).toBe(0);
    const meta = await sharp(await readFile(out)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 600, 400]);
  });

  it('renders text images too', async () => {
    const out = join(dir, 'mail.png');
    const result = await standin('render', '/text/png?text=jane%40example.com&size=20', '-o', out);
    expect(result.code).toBe(0);
    const image = decodePng(await readFile(out));
    expect(image.height).toBeLessThan(60);
  });

  it('writes SVG to stdout by default', async () => {
    const result = await standin('render', '120x80');
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toContain('<svg');
  });

  it('refuses bad input with exit code 1 and the reason', async () => {
    const result = await standin('render', '99999', '-o', join(dir, 'x.png'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('width must be between 1 and 4000, got 99999');
  });

  it('refuses bad usage with exit code 2', async () => {
    expect((await standin('render')).code).toBe(2);
    expect((await standin('render', '10', '--nope')).code).toBe(2);
    expect((await standin('frobnicate')).code).toBe(2);
    const mismatch = await standin('render', '/100.png', '-o', join(dir, 'x.jpg'));
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('asks for png');
  });

  it('prints help with examples', async () => {
    const result = await standin('--help');
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toContain('standin render 600x400 -o hero.png');
  });
});

describe('standin keygen, seal and sign', () => {
  it('makes a key, seals with it, and signs with it', async () => {
    const key = (await standin('keygen')).stdout.toString().trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const env = { ...process.env, STANDIN_SEAL_KEY: key, STANDIN_SIGNING_KEY: key };
    const sealed = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'seal',
        'jane@example.com',
        '--size',
        '18',
        '--base',
        'https://img.example.com/',
      ],
      { cwd: root, env },
    );
    expect(sealed.stdout).toMatch(/^https:\/\/img\.example\.com\/t\/[A-Za-z0-9_-]+\.png\n$/);
    expect(sealed.stdout).not.toContain('jane');
    const again = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'seal',
        'jane@example.com',
        '--size',
        '18',
        '--base',
        'https://img.example.com/',
      ],
      { cwd: root, env },
    );
    expect(again.stdout).toBe(sealed.stdout);
    const signed = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sign', '/600x400.png?text=Hi'],
      { cwd: root, env },
    );
    expect(signed.stdout).toMatch(/^\/600x400\.png\?text=Hi&sig=[A-Za-z0-9_-]{22}\n$/);
  });

  it('says how to get a key when none is set', async () => {
    const result = await standin('seal', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('export STANDIN_SEAL_KEY=$(standin keygen)');
  });
});
