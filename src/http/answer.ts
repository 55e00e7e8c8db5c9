/**
 * Framework-neutral HTTP semantics for an image URL: status, headers and body. The Fastify
 * server, the Fastify plugin and the Node/Express handler all send what this returns.
 */
import { STATUS_CODES } from 'node:http';
import { StandinError } from '../errors.js';
import type { RenderedImage } from '../render/index.js';
import type { Standin } from '../service.js';
import { isTextImage } from '../spec/types.js';

/** Images never change for a URL, so any cache may keep them for a year without asking again. */
export const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** SVG is a document: forbid scripts and remote loads in it; inline styles and data: images stay. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Longest URL path standin reads; longer ones are 414 before any parsing. */
export const MAX_PATH_LENGTH = 8192;

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent for 304. JSON errors are serialised already. */
  readonly body?: Buffer;
  /** For metrics and logs, not sent: the image format, or the error code of a refusal. */
  readonly format?: string;
  readonly code?: string;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly status: number };
}

export function errorBody(code: string, message: string, status: number): ErrorBody {
  return { error: { code, message, status } };
}

/**
 * Serialise an error body with `<`, `>` and `&` escaped (`\u003c`...): the parsed message is
 * unchanged, and the raw bytes never contain markup, whatever a browser makes of them.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

/** A JSON error answer. The message is data in a JSON string, never HTML. */
export function errorAnswer(code: string, message: string, status: number): Answer {
  // 503 means "busy now": say when to come back, and let no cache keep the refusal.
  const busy = status === 503 ? { 'Retry-After': '1', 'Cache-Control': 'no-store' } : {};
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...busy },
    body: Buffer.from(safeJson(errorBody(code, message, status))),
    code,
  };
}

/** Does an If-None-Match header match this ETag? (weak comparison, as RFC 9110 asks for GET) */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/** The answer for a rendered image, honouring If-None-Match. */
export function imageAnswer(image: RenderedImage, ifNoneMatch: string | undefined): Answer {
  const headers: Record<string, string> = { ETag: image.etag, 'Cache-Control': CACHE_CONTROL };
  // A 304 carries only the validators and caching headers (RFC 9110, 15.4.5).
  if (etagMatches(ifNoneMatch, image.etag)) return { status: 304, headers, format: image.format };
  if (image.format === 'svg') headers['Content-Security-Policy'] = SVG_CSP;
  headers['Content-Type'] = image.contentType;
  return { status: 200, headers, body: image.body, format: image.format };
}

/**
 * The raw HTTP answer to a request Node's parser refused before any handler saw it (headers
 * too large, a broken request line, a request too slow to arrive): the same JSON shape and
 * security headers as every other answer, and the connection closed.
 */
export function protocolErrorResponse(errorCode: string | undefined): string {
  const [code, status, message] =
    errorCode === 'HPE_HEADER_OVERFLOW'
      ? (['headers_too_large', 431, 'the request headers are too large'] as const)
      : errorCode === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? (['request_timeout', 408, 'the request took too long to arrive'] as const)
        : (['bad_request', 400, 'the request is not valid HTTP'] as const);
  const body = safeJson(errorBody(code, message, status));
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Split a raw request URL (as sent, still percent-encoded) into path and query. */
export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/**
 * Parse, render (or fetch from the cache) and answer one image URL. StandinErrors become their
 * 4xx; anything else propagates, for the caller to log and turn into a 500.
 */
export async function answerImageUrl(
  standin: Standin,
  url: string,
  ifNoneMatch: string | undefined,
  signal?: AbortSignal,
): Promise<Answer> {
  const { path, query } = splitUrl(url);
  try {
    if (path.length > MAX_PATH_LENGTH) {
      throw new StandinError(
        'uri_too_long',
        `the path must be at most ${MAX_PATH_LENGTH} characters`,
      );
    }
    const request = standin.parse(path, query);
    const answer = imageAnswer(await standin.image(request, signal), ifNoneMatch);
    if (!isTextImage(request) || request.expiresAt === undefined) return answer;
    // An expiring token: no cache may keep the image past the expiry.
    const seconds = Math.max(0, Math.floor(request.expiresAt - Date.now() / 1000));
    return {
      ...answer,
      headers: { ...answer.headers, 'Cache-Control': `public, max-age=${seconds}` },
    };
  } catch (error) {
    if (error instanceof StandinError) return errorAnswer(error.code, error.message, error.status);
    throw error;
  }
}
