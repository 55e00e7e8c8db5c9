/**
 * The HTTP server: the image routes of the plugin, plus the pages and probes of a standalone
 * instance, CORS, security headers and errors in one JSON shape. Knows nothing of pixels.
 */
import { availableParallelism } from 'node:os';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { pooledRenderer } from '../render/pool.js';
import { createStandin, type Standin } from '../service.js';
import { errorBody, MAX_PATH_LENGTH } from './answer.js';
import { standinPlugin } from './plugin.js';

export { CACHE_CONTROL, etagMatches, SVG_CSP } from './answer.js';

export interface ServerOptions {
  readonly config: Config;
  /** Share a core with other faces or tests; created from the config when absent. */
  readonly standin?: Standin;
}

/** Build the Fastify app (not yet listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  const standin =
    options.standin ??
    createStandin(
      config,
      pooledRenderer({
        threads: config.render.threads,
        maxQueue: config.render.maxQueue || 8 * (config.render.threads || availableParallelism()),
        timeoutMs: config.render.timeoutMs,
      }),
    );
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
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody('bad_request', 'the request is malformed', status));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send(errorBody('internal', 'something went wrong; this is a bug in standin', 500));
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

  app.addHook('onClose', async () => {
    await standin.renderer.close();
  });

  await app.register(standinPlugin, { standin });
  return app;
}
