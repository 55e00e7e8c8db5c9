/**
 * The HTTP server: the image routes of the plugin, plus probes, metrics, CORS, security
 * headers, optional rate limiting and errors in one JSON shape. Knows nothing of pixels.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Config } from '../config.js';
import { StandinError } from '../errors.js';
import { pooledRenderer } from '../pipeline/pool.js';
import { checkInstallation, createStandin, type Standin } from '../service.js';
import { parseRequest } from '../spec/parse.js';
import { errorBody, INTERNAL, MAX_PATH_LENGTH, protocolErrorResponse } from './answer.js';
import { instanceInfo } from './instance.js';
import { createMetrics } from './metrics.js';
import { standinPlugin } from './plugin.js';

export { CACHE_CONTROL, etagMatches, SVG_CSP } from './answer.js';

export interface ServerOptions {
  readonly config: Config;
  /** Share a core with other faces or tests; created from the config when absent. */
  readonly standin?: Standin;
  /** Where the JSON log lines go (default: stdout). */
  readonly logStream?: { write(line: string): void };
}

/**
 * The page may run only its own inline script (pinned by hash), use its inline style, and load
 * images and JSON from this server.
 */
function pageCsp(html: string): string {
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

/** Paths that probes and scrapers call: never rate limited. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One log line per request, when it completes (Fastify's default writes two, which halved the
 * throughput of cached images at log level info).
 */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

/** Build the Fastify app (not yet listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  // A missing font stops the server here, naming the file, not the first request that needs it.
  checkInstallation();
  // The metrics read the core lazily (at scrape time), so they can be handed to it at creation.
  const metrics = createMetrics({
    cache: () => standin.cache,
    renderer: () => standin.renderer,
  });
  const standin: Standin =
    options.standin ?? createStandin(config, pooledRenderer(config.render), metrics.render);

  const app = Fastify({
    logger: options.logStream
      ? { level: config.logLevel, stream: options.logStream }
      : { level: config.logLevel },
    logController: new RequestLog(),
    routerOptions: { maxParamLength: MAX_PATH_LENGTH },
    // Requests Node's parser refuses (431 and the like) answer in our shape, with nosniff.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      socket.end(protocolErrorResponse((error as NodeJS.ErrnoException).code));
    },
    // The router rejects undecodable URLs itself; answer in the same shape as every other error.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode ?? 400;
      const message =
        error.code === 'FST_ERR_BAD_URL'
          ? 'the path has broken percent-encoding'
          : 'the request is malformed';
      metrics.rejection('bad_path');
      (reply as FastifyReply)
        .code(status)
        .send(errorBody(new StandinError('bad_path', message), status));
    },
  });

  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD'] });

  if (config.rateLimit > 0) {
    await app.register(rateLimit, {
      max: config.rateLimit,
      timeWindow: 60_000,
      allowList: (request) => PROBE_PATHS.has(request.url.split('?')[0] ?? ''),
      errorResponseBuilder: (_request, context) => {
        metrics.rejection('rate_limited');
        return {
          statusCode: 429,
          ...errorBody(
            new StandinError(
              'rate_limited',
              `too many requests: at most ${context.max} a minute; try again in ${context.after}`,
            ),
          ),
        };
      },
    });
  }

  // While shutting down, answers in flight close their connection, so that keep-alive clients
  // cannot hold the server open once the last response is sent.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    if (closing) reply.header('Connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (_request, reply) => {
    const type = String(reply.getHeader('content-type') ?? '');
    const format = type.startsWith('image/') ? type.slice(6).replace('svg+xml', 'svg') : '';
    metrics.request(reply.statusCode, format);
  });

  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Thrown by plugins (the rate limiter builds its own body; keep it).
      const body =
        typeof error === 'object' && error !== null && 'error' in error
          ? (error as object)
          : errorBody(new StandinError('bad_request', 'the request is malformed'), status);
      return reply.code(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(INTERNAL));
  });

  app.setNotFoundHandler((_request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(new StandinError('not_found', 'no such page; images live at /{width}x{height}')),
      ),
  );

  // Alive: the process answers.
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Ready: fonts are loaded and the server is not shutting down (Fastify answers 503 then).
  let warm = false;
  app.addHook('onReady', async () => {
    // Straight to the core: a signed-URL server would refuse its own unsigned warm-up URL.
    await standin.image(parseRequest('/16x16.png', new URLSearchParams(), config.limits));
    warm = true;
  });
  app.get('/readyz', async (_request, reply) =>
    warm
      ? { status: 'ready' }
      : reply.code(503).header('Retry-After', '1').send({ status: 'starting' }),
  );

  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  // The playground page, read once; it builds URLs from /api/config.
  const page = await readFile(new URL('../../public/index.html', import.meta.url), 'utf8');
  const csp = pageCsp(page);
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', csp)
      .send(page),
  );

  const instance = instanceInfo(config);
  app.get('/api/config', async (_request, reply) =>
    reply.header('Cache-Control', 'no-cache').send(instance),
  );

  app.get('/favicon.ico', async (_request, reply) =>
    reply.code(404).send(errorBody(new StandinError('not_found', 'standin has no favicon'))),
  );

  app.addHook('onClose', async () => {
    await standin.renderer.close();
  });

  await app.register(standinPlugin, { standin: standin, metrics });
  return app;
}
