/**
 * Whatever one face accepts, all accept: every grammar example, text images, a sealed path, a
 * signed URL and a set of refusals, through the server (Fastify's inject, no socket), the
 * library (`parse` and `render`) and the CLI (`run(['render', url])`, in process). Accepted
 * URLs must give the same bytes everywhere; refused ones the same error code.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { parse, render, StandinError, seal } from '../../src/index.js';
import { GRAMMAR_EXAMPLES } from '../../src/spec/examples.js';

const SEAL_KEY = 'a'.repeat(64);

const URLS: readonly string[] = [
  ...GRAMMAR_EXAMPLES.map((example) => example.url),
  '/text/png?text=Hello',
  '/text/svg?text=jane%40example.com&size=18',
  '/text@2x/webp?text=Hi&fg=fff&bg=000',
  seal('jane@example.com', { key: SEAL_KEY, size: 18 }),
  seal('+1 555 0100', { key: SEAL_KEY, format: 'svg' }),
  // refusals
  '/99999x10.png',
  '/600x400.bmp',
  '/600x400/zzz',
  '/600x400?font=comic-sans',
  '/text/png',
  '/t/AAAA.png',
  '/constructor',
  '/__proto__.png',
];

type Outcome = { ok: true; bytes: Buffer } | { ok: false; code: string };

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({
    config: loadConfig({ LOG_LEVEL: 'silent', STANDIN_SEAL_KEY: SEAL_KEY }),
  });
});
afterAll(() => app.close());

async function viaServer(url: string): Promise<Outcome> {
  const response = await app.inject({ method: 'GET', url });
  if (response.statusCode === 200) return { ok: true, bytes: response.rawPayload };
  return { ok: false, code: (response.json() as { error: { code: string } }).error.code };
}

async function viaLibrary(url: string): Promise<Outcome> {
  try {
    parse(url, { sealKey: SEAL_KEY });
    return { ok: true, bytes: (await render(url, { sealKey: SEAL_KEY })).body };
  } catch (error) {
    if (error instanceof StandinError) return { ok: false, code: error.code };
    throw error;
  }
}

async function viaCli(url: string): Promise<Outcome> {
  const out: Buffer[] = [];
  let err = '';
  const code = await run(['render', url], {
    stdout: { write: (chunk) => out.push(Buffer.from(chunk)) },
    stderr: { write: (chunk) => (err += chunk) },
    env: { STANDIN_SEAL_KEY: SEAL_KEY },
  });
  if (code === 0) return { ok: true, bytes: Buffer.concat(out) };
  return { ok: false, code: /\((\w+)\)\n$/.exec(err)?.[1] ?? `exit ${code}: ${err}` };
}

describe('the three faces read every URL alike', () => {
  it.each(URLS.map((url) => [url]))('%s', async (url) => {
    const [server, library, cli] = await Promise.all([
      viaServer(url),
      viaLibrary(url),
      viaCli(url),
    ]);
    if (server.ok) {
      expect(library).toEqual(server);
      expect(cli).toEqual(server);
    } else {
      expect(library).toEqual({ ok: false, code: server.code });
      expect(cli).toEqual({ ok: false, code: server.code });
    }
  });

  it('accepts what it should and refuses the rest', async () => {
    const outcomes = await Promise.all(URLS.map(viaServer));
    const refused = URLS.filter((_, i) => !outcomes[i]?.ok);
    expect(refused).toEqual([
      '/99999x10.png',
      '/600x400.bmp',
      '/600x400/zzz',
      '/text/png',
      '/t/AAAA.png',
      '/constructor',
      '/__proto__.png',
    ]);
  });
});
