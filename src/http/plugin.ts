/**
 * standin as a Fastify plugin, to mount under a prefix in an existing app:
 *
 *   app.register(standinPlugin, { prefix: '/placeholder' })  // /placeholder/600x400.png
 */
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_LIMITS, type Limits } from '../config.js';
import { createStandin, type Standin } from '../service.js';
import { answerCached, answerImageUrl, COMMON_HEADERS, errorAnswer, INTERNAL } from './answer.js';
import type { Metrics } from './metrics.js';

export interface StandinPluginOptions {
  /** A shared core; created from `limits` and `cacheBytes` when absent. */
  readonly standin?: Standin;
  readonly limits?: Limits;
  readonly cacheBytes?: number;
  /** Count refusals here (the standalone server passes its metrics). */
  readonly metrics?: Metrics;
}

export const standinPlugin: FastifyPluginAsync<StandinPluginOptions> = async (app, options) => {
  const standin =
    options.standin ??
    createStandin({
      limits: options.limits ?? DEFAULT_LIMITS,
      cacheBytes: options.cacheBytes ?? 32 * 1024 * 1024,
    });
  const prefix = app.prefix;

  app.get('/*', async (request, reply) => {
    const url =
      prefix !== '' && request.url.startsWith(prefix)
        ? request.url.slice(prefix.length)
        : request.url;
    const ifNoneMatch = request.headers['if-none-match'];
    const grammar = standin.grammarFor(request.headers.host);
    const hit = answerCached(standin, url, ifNoneMatch, grammar);
    if (hit) {
      reply.code(hit.status).headers(COMMON_HEADERS).headers(hit.headers);
      return hit.body ? reply.send(hit.body) : reply.send();
    }
    let answer: Awaited<ReturnType<typeof answerImageUrl>>;
    // A client that hangs up before its image is made cancels its share of the render.
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    try {
      answer = await answerImageUrl(
        standin,
        url,
        ifNoneMatch,
        gone.signal,
        grammar,
        request.headers.accept,
      );
    } catch (error) {
      request.log.error({ err: error }, 'render failed');
      answer = errorAnswer(INTERNAL);
    }
    if (answer.code !== undefined) {
      options.metrics?.rejection(answer.code);
      request.log.info({ code: answer.code, status: answer.status }, 'refused');
    }
    reply.code(answer.status).headers(COMMON_HEADERS).headers(answer.headers);
    // A 304 has no body: send nothing, so no body's type or length is added.
    return answer.body ? reply.send(answer.body) : reply.send();
  });
};
