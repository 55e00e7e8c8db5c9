/**
 * Every way a request can fail before or outside the image route, answered in the one JSON
 * shape (answer.ts) with the security headers: Node's parser refusing a request, Fastify's
 * router refusing a URL, a plugin's 4xx, a bug (500, details to the log only), no such page.
 */

import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StandinError } from '../errors.js';
import { errorBody, INTERNAL, protocolErrorResponse } from './answer.js';
import type { Metrics } from './metrics.js';

/** For Fastify's `clientErrorHandler`: requests Node's parser refused (431 and the like). */
export function answerClientError(error: Error, socket: Socket): void {
  if (!socket.writable) return;
  socket.end(protocolErrorResponse((error as NodeJS.ErrnoException).code));
}

/** For Fastify's `frameworkErrors`: the router refused the URL (broken percent-encoding). */
export function answerFrameworkError(metrics: Metrics) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
    const status = error.statusCode ?? 400;
    const message =
      error.code === 'FST_ERR_BAD_URL'
        ? 'the path has broken percent-encoding'
        : 'the request is malformed';
    metrics.rejection('bad_path');
    void reply.code(status).send(errorBody(new StandinError('bad_path', message), status));
  };
}

/** Errors thrown by plugins and routes, and pages that do not exist. */
export function registerErrorAnswers(app: FastifyInstance): void {
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
}
