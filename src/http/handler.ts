/**
 * standin as a plain Node request handler, which Express, Connect and `node:http` all accept:
 *
 *   app.use('/placeholder', createHandler())   // Express strips the mount path from req.url
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_LIMITS, type Limits } from '../config.js';
import { StandinError } from '../errors.js';
import { createStandin, type Standin } from '../service.js';
import {
  type Answer,
  answerCached,
  answerImageUrl,
  COMMON_HEADERS,
  errorAnswer,
  INTERNAL,
} from './answer.js';

export interface HandlerOptions {
  readonly standin?: Standin;
  readonly limits?: Limits;
  readonly cacheBytes?: number;
  /** Told about unexpected failures (the client gets a generic 500). */
  readonly onError?: (error: unknown) => void;
}

export type NodeHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

function send(response: ServerResponse, answer: Answer, headOnly: boolean): void {
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  for (const [name, value] of Object.entries(COMMON_HEADERS)) response.setHeader(name, value);
  if (answer.body) response.setHeader('Content-Length', answer.body.length);
  response.end(headOnly ? undefined : answer.body);
}

/** A handler answering GET and HEAD for image URLs; other methods go to `next` (or 405). */
export function createHandler(options: HandlerOptions = {}): NodeHandler {
  const standin =
    options.standin ??
    createStandin({
      limits: options.limits ?? DEFAULT_LIMITS,
      cacheBytes: options.cacheBytes ?? 32 * 1024 * 1024,
    });
  return (request, response, next) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      if (next) return next();
      response.setHeader('Allow', 'GET, HEAD');
      return send(
        response,
        errorAnswer(new StandinError('method_not_allowed', 'use GET or HEAD')),
        false,
      );
    }
    const ifNoneMatch = request.headers['if-none-match'];
    const grammar = standin.grammarFor(request.headers.host);
    const hit = answerCached(standin, request.url ?? '/', ifNoneMatch, grammar);
    if (hit) return send(response, hit, method === 'HEAD');
    answerImageUrl(
      standin,
      request.url ?? '/',
      ifNoneMatch,
      undefined,
      grammar,
      request.headers.accept,
    ).then(
      (answer) => send(response, answer, method === 'HEAD'),
      (error: unknown) => {
        options.onError?.(error);
        send(response, errorAnswer(INTERNAL), method === 'HEAD');
      },
    );
  };
}
