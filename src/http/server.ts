/**
 * The HTTP server: wires the image routes of the plugin, the probes, the page, CORS, security
 * headers, optional rate limiting and the error answers (each in its own module). Knows
 * nothing of pixels.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.js';
import { StandinError } from '../errors.js';
import { pooledRenderer } from '../pipeline/pool.js';
import { checkInstallation, createStandin, type Standin } from '../service.js';
import { answerCached, COMMON_HEADERS, errorBody, MAX_PATH_LENGTH, okHeaders } from './answer.js';
import { answerClientError, answerFrameworkError, registerErrorAnswers } from './errors.js';
import { RequestLog } from './log.js';
import { createMetrics } from './metrics.js';
import { registerPage } from './page.js';
import { standinPlugin } from './plugin.js';
import { PROBE_PATHS, registerProbes } from './probes.js';

export interface ServerOptions {
  readonly config: Config;
  /** Share a core with other faces or tests; created from the config when absent. */
  readonly standin?: Standin;
  /** Where the JSON log lines go (default: stdout). */
  readonly logStream?: { write(line: string): void };
}

/**
 * Standard output, written in batches of about 8 kB instead of one write a line: a write per
 * request halved the throughput of cached images at level info (7,700 against 14,300 a second
 * at level warn). Flushed on close and at least every second, so a line is at most a second late;
 * a crash can lose that last second of access lines (errors are logged as they happen, and the
 * process flushes what it holds when it exits).
 */
let stdout: ReturnType<typeof pino.destination> | undefined;
function bufferedStdout(): ReturnType<typeof pino.destination> {
  if (stdout) return stdout;
  const destination = pino.destination({ dest: 1, sync: false, minLength: 8 * 1024 });
  setInterval(() => destination.flush(), 1000).unref();
  process.once('exit', () => destination.flushSync());
  stdout = destination;
  return destination;
}

/** Build the Fastify app (not yet listening). */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logDestination = options.logStream ? undefined : bufferedStdout();
  const logStream = options.logStream ?? bufferedStdout();
  // A missing font stops the server here, naming the file, not the first request that needs it.
  checkInstallation();
  // The metrics read the core lazily (at scrape time), so they can be handed to it at creation.
  const metrics = createMetrics({
    cache: () => standin.cache,
    renderer: () => standin.renderer,
  });
  const standin: Standin =
    options.standin ?? createStandin(config, pooledRenderer(config.render), metrics.render);

  // Cached images are answered at the server's front door, before Fastify (see frontDoor).
  let frontDoor: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
  const app = Fastify({
    serverFactory: (handler, serverOptions) => {
      const server = createServer(serverOptions.http ?? {}, (request, response) => {
        if (!frontDoor?.(request, response)) handler(request, response);
      });
      // What Fastify sets on the servers it makes itself (its defaults are filled in by now).
      const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
      const keepAlive = number(serverOptions.keepAliveTimeout);
      const requestTimeout = number(serverOptions.requestTimeout);
      if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive;
      if (requestTimeout !== undefined) server.requestTimeout = requestTimeout;
      server.setTimeout(number(serverOptions.connectionTimeout) ?? 0);
      return server;
    },
    logger: {
      level: config.logLevel,
      stream: logStream,
    },
    logController: new RequestLog(),
    routerOptions: { maxParamLength: MAX_PATH_LENGTH },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError(metrics),
  });

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

  /**
   * A cached image, answered before Fastify routes the request: the raw URL is looked up in
   * the cache's URL index and the stored bytes are written with their headers, the same
   * answer the image route gives (304 for a matching If-None-Match, HEAD without a body), with
   * its metrics and its access-log line. Routing, hooks and reply objects cost more than the
   * rest of a hit together (docs/benchmarks.md, "Warm"). Everything else, a miss, and every
   * request while rate limiting is on (its hook must count them) or the server is closing, goes
   * to Fastify.
   */
  // Access log of cached answers: one line each at level debug; at info, a line a second
  // with their count by status (every miss, refusal and error still gets its own line). A
  // line each cost a cached answer about an eighth of its time (docs/benchmarks.md, "Warm").
  const logEachHit = ['trace', 'debug'].includes(config.logLevel);
  const hits = new Map<number, number>();
  const summarise = setInterval(() => {
    if (hits.size === 0) return;
    const byStatus = Object.fromEntries(hits);
    const count = [...hits.values()].reduce((sum, n) => sum + n, 0);
    hits.clear();
    app.log.info({ count, byStatus }, 'cached answers in the last second');
  }, 1000);
  summarise.unref();
  app.addHook('onClose', async () => clearInterval(summarise));
  frontDoor = (request, response) => {
    const { method, url } = request;
    if (closing || config.rateLimit > 0 || url === undefined) return false;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const started = performance.now();
    const ifNoneMatch = request.headers['if-none-match'];
    const grammar = standin.grammarFor(request.headers.host);
    const plain = ifNoneMatch === undefined ? standin.cached(url, grammar) : undefined;
    let status: number;
    let headers: Readonly<Record<string, string | number>>;
    let body: Buffer | undefined;
    let format: string;
    if (plain && !plain.warnings) {
      // The common hit: headers built once per image (okHeaders).
      status = 200;
      headers = okHeaders(plain.image);
      body = plain.image.body;
      format = plain.image.format;
    } else {
      if (ifNoneMatch === undefined && !plain) return false;
      const hit = answerCached(standin, url, ifNoneMatch, grammar);
      if (!hit) return false;
      status = hit.status;
      body = hit.body;
      format = hit.body ? (hit.format ?? '') : '';
      headers = {
        ...COMMON_HEADERS,
        ...hit.headers,
        ...(hit.body ? { 'Content-Length': hit.body.length } : {}),
      };
    }
    response.writeHead(status, headers);
    response.end(method === 'HEAD' ? undefined : body);
    metrics.request(status, format);
    if (logEachHit) {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      app.log.debug({ method, url, status, ms }, 'request');
    } else {
      hits.set(status, (hits.get(status) ?? 0) + 1);
    }
    return true;
  };
  app.addHook('preClose', async () => {
    closing = true;
  });

  // Every answer, pages and refusals included, is readable cross-origin and never sniffed.
  // Hooks here take callbacks, not promises: they run for every cached image, where a
  // promise each was a measurable share of the time (docs/benchmarks.md, "Warm").
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(COMMON_HEADERS);
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });

  app.addHook('onResponse', (_request, reply, done) => {
    const type = reply.getHeader('content-type');
    const format =
      typeof type === 'string' && type.startsWith('image/')
        ? type.slice(6).replace('svg+xml', 'svg')
        : '';
    metrics.request(reply.statusCode, format);
    done();
  });

  // CORS preflight, for scripts that fetch images with headers of their own (If-None-Match):
  // anyone may read, with any headers, for a day. Simple GETs need only the headers above.
  app.options('/*', (request, reply) => {
    const asked = request.headers['access-control-request-headers'];
    reply
      .code(204)
      .header('Access-Control-Allow-Methods', 'GET, HEAD')
      .header('Access-Control-Max-Age', '86400')
      .header('Vary', 'Access-Control-Request-Headers');
    if (asked) reply.header('Access-Control-Allow-Headers', asked);
    return reply.send();
  });

  registerErrorAnswers(app);
  registerProbes(app, standin, metrics, config);
  await registerPage(app, config);

  app.addHook('onClose', async () => {
    logDestination?.flushSync();
    await standin.renderer.close();
  });

  await app.register(standinPlugin, { standin: standin, metrics });
  return app;
}
