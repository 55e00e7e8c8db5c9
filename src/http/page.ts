/** The playground page (`/`), what it reads about this instance (`/config.json`), no favicon. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { StandinError } from '../errors.js';
import { errorBody } from './answer.js';
import { instanceInfo } from './instance.js';

/** Where the page is, in the repository and in the installed package alike. */
export const PAGE_FILE = new URL('../../public/index.html', import.meta.url);

/**
 * The page may run only its own inline script (pinned by hash), use its inline style, and load
 * images and JSON from this server.
 */
export function pageCsp(html: string): string {
  const script = /<script type="module">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(script).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Serve the page, read once at start-up, and the instance facts it builds URLs from. */
export async function registerPage(app: FastifyInstance, config: Config): Promise<void> {
  const page = await readFile(PAGE_FILE, 'utf8');
  const csp = pageCsp(page);
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', csp)
      .send(page),
  );

  const instance = instanceInfo(config);
  app.get('/config.json', async (_request, reply) =>
    reply.header('Cache-Control', 'no-cache').send(instance),
  );

  app.get('/favicon.ico', async (_request, reply) =>
    reply.code(404).send(errorBody(new StandinError('not_found', 'standin has no favicon'))),
  );
}
