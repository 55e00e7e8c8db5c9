/**
 * The HTTP face: routes, caching semantics, headers, errors → status codes. Knows nothing of
 * pixels: it hands the URL to the core and sends back the bytes it gets.
 */
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { StandinError } from '../errors.js';
import type { RenderedImage } from '../render/index.js';
import { createStandin, type Standin } from '../service.js';

/** Images never change for a URL, so any cache may keep them for a year without asking again. */
export const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** SVG is a document: forbid scripts and remote loads in it; inline styles and data: images stay. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Longest URL path standin reads; longer ones are 414 before any parsing. */
const MAX_PATH_LENGTH = 8192;

export interface ServerOptions {
  readonly config: Config;
  /** Share a core with other faces or tests; created from the config when absent. */
  readonly standin?: Standin;
}

interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly status: number };
}

function errorBody(code: string, message: string, status: number): ErrorBody {
  return { error: { code, message, status } };
}

/** Does an If-None-Match header match this ETag? (weak comparison, as RFC 9110 asks for GET) */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

function sendImage(request: FastifyRequest, reply: FastifyReply, image: RenderedImage) {
  reply.header('ETag', image.etag).header('Cache-Control', CACHE_CONTROL);
  if (image.format === 'svg') reply.header('Content-Security-Policy', SVG_CSP);
  if (etagMatches(request.headers['if-none-match'], image.etag)) {
    return reply.code(304).send();
  }
  return reply.type(image.contentType).send(image.body);
}

/** Build the Fastify app (not yet listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  const standin = options.standin ?? createStandin(config);
  const app = Fastify({
    logger: { level: config.logLevel },
    routerOptions: { maxParamLength: MAX_PATH_LENGTH },
    // The router rejects undecodable URLs itself; answer in the same shape as every other error.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode ?? 400;
      const message =
        error.code === 'FST_ERR_BAD_URL'
          ? 'the path has broken percent-encoding'
          : 'the request is malformed';
      (reply as FastifyReply).code(status).send(errorBody('bad_path', message, status));
    },
  });

  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD'] });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof StandinError) {
      request.log.info({ code: error.code }, 'rejected');
      return reply.code(error.status).send(errorBody(error.code, error.message, error.status));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody('bad_request', 'the request is malformed', status));
    }
    request.log.error({ err: error }, 'render failed');
    return reply
      .code(500)
      .send(errorBody('internal', 'the image could not be made; this is a bug in standin', 500));
  });

  app.setNotFoundHandler((_request, reply) =>
    reply
      .code(404)
      .send(errorBody('not_found', 'no such page; images live at /{width}x{height}', 404)),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/', async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .send(
        'standin: placeholder images.\n\nTry /600x400, /600x400/png, /600x400/000/fff.webp?text=Hello+World&font=roboto\n',
      ),
  );

  app.get('/favicon.ico', async (_request, reply) =>
    reply.code(404).send(errorBody('not_found', 'standin has no favicon', 404)),
  );

  app.get('/*', async (request, reply) => {
    const url = request.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path.length > MAX_PATH_LENGTH) {
      throw new StandinError(
        'uri_too_long',
        `the path must be at most ${MAX_PATH_LENGTH} characters`,
      );
    }
    const spec = standin.parse(path, q < 0 ? '' : url.slice(q + 1));
    return sendImage(request, reply, await standin.image(spec));
  });

  return app;
}
