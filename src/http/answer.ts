/**
 * Framework-neutral HTTP semantics for an image URL: status, headers and body. The Fastify
 * server, the Fastify plugin and the Node/Express handler all send what this returns.
 */
import { STATUS_CODES } from 'node:http';
import { StandinError } from '../errors.js';
import type { RenderedImage } from '../pipeline/index.js';
import { splitUrl } from '../resolve.js';
import type { Standin } from '../service.js';
import { errorImageSpec } from '../spec/error-image.js';
import type { GrammarName } from '../spec/parse.js';
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

/** The JSON body of every error answer. `status` only where HTTP itself chose another. */
export function errorBody(error: StandinError, status = error.status): ErrorBody {
  return { error: { code: error.code, message: error.message, status } };
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

/**
 * Headers on every image answer, whichever adapter sends it (the server, the Fastify plugin,
 * the Node handler): never sniff a type, and let any page use the images (they are public).
 */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Standin-Warning, Standin-Error',
};

/**
 * Does the client prefer an image to JSON or HTML? Browsers loading an `<img>` list image types
 * first (image/avif, image/webp, image/any) and "anything" at q=0.8; a page load lists text/html
 * first; curl and most programs send "anything" alone or nothing. Decided by the first listed
 * type of the highest quality, "anything" not counted.
 */
export function prefersImage(accept: string | undefined): boolean {
  if (!accept) return false;
  let best: { type: string; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [rawType = '', ...params] = part.trim().split(';');
    const type = rawType.trim().toLowerCase();
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.trim().slice(2));
    if (!(q > 0) || type === '*/*') continue;
    if (!best || q > best.q) best = { type, q };
  }
  return best?.type.startsWith('image/') ?? false;
}

/**
 * `Standin-Warning`: what the URL asked for that was not used or was replaced, for people
 * debugging a URL (the page shows it under its preview).
 */
function withWarnings(answer: Answer, warnings: readonly string[] | undefined): Answer {
  if (!warnings || warnings.length === 0) return answer;
  return { ...answer, headers: { ...answer.headers, 'Standin-Warning': warnings.join('; ') } };
}

/** Refusals depend on the Accept header (JSON or a picture): caches must know. */
function withVary(answer: Answer): Answer {
  return { ...answer, headers: { ...answer.headers, Vary: 'Accept' } };
}

/**
 * A refusal as a PNG showing the status and message, same status, never cached as a success.
 * If even that cannot be drawn (the server is too busy), the JSON answer.
 */
async function errorImageAnswer(
  standin: Standin,
  error: StandinError,
  url: string,
): Promise<Answer> {
  try {
    const spec = errorImageSpec(splitUrl(url).path, error.status, error.message, standin.limits);
    const image = await standin.image(spec);
    return {
      status: error.status,
      headers: {
        'Content-Type': image.contentType,
        'Cache-Control': 'no-store',
        Vary: 'Accept',
        'Standin-Error': error.code,
      },
      body: image.body,
      code: error.code,
    };
  } catch {
    return withVary(errorAnswer(error));
  }
}

/** What a client is told when standin itself fails (the details go to the log). */
export const INTERNAL = new StandinError(
  'internal',
  'the image could not be made; this is a bug in standin',
);

/** A JSON error answer. The message is data in a JSON string, never HTML. */
export function errorAnswer(error: StandinError): Answer {
  // 503 means "busy now": say when to come back, and let no cache keep the refusal.
  const busy = error.status === 503 ? { 'Retry-After': '1', 'Cache-Control': 'no-store' } : {};
  return {
    status: error.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...busy },
    body: Buffer.from(safeJson(errorBody(error))),
    code: error.code,
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

const okHeadersByImage = new WeakMap<RenderedImage, Readonly<Record<string, string | number>>>();

/**
 * Every header of a plain 200 answer with `image` (the common ones, caching, type, length),
 * built once per cached image: a cache hit then writes them without building any object.
 */
export function okHeaders(image: RenderedImage): Readonly<Record<string, string | number>> {
  let headers = okHeadersByImage.get(image);
  if (!headers) {
    headers = Object.freeze({
      ...COMMON_HEADERS,
      ...imageAnswer(image, undefined).headers,
      'Content-Length': image.body.length,
    });
    okHeadersByImage.set(image, headers);
  }
  return headers;
}

/**
 * The raw HTTP answer to a request Node's parser refused before any handler saw it (headers
 * too large, a broken request line, a request too slow to arrive): the same JSON shape and
 * security headers as every other answer, and the connection closed.
 */
export function protocolErrorResponse(errorCode: string | undefined): string {
  const error =
    errorCode === 'HPE_HEADER_OVERFLOW'
      ? new StandinError('headers_too_large', 'the request headers are too large')
      : errorCode === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new StandinError('request_timeout', 'the request took too long to arrive')
        : errorCode === 'HPE_INVALID_URL'
          ? new StandinError(
              'bad_path',
              'the URL has characters that must be percent-encoded, as browsers send them: write ♪ as %E2%99%AA and a space as %20',
            )
          : new StandinError('bad_request', 'the request is not valid HTTP');
  const body = safeJson(errorBody(error));
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The answer for a URL whose image is cached, found without parsing it; undefined when it is
 * not (then answerImageUrl does the work).
 */
export function answerCached(
  standin: Standin,
  url: string,
  ifNoneMatch: string | undefined,
  grammar?: GrammarName,
): Answer | undefined {
  const hit = standin.cached(url, grammar);
  return hit ? withWarnings(imageAnswer(hit.image, ifNoneMatch), hit.warnings) : undefined;
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
  grammar?: GrammarName,
  accept?: string,
): Promise<Answer> {
  try {
    if (splitUrl(url).path.length > MAX_PATH_LENGTH) {
      throw new StandinError(
        'uri_too_long',
        `the path must be at most ${MAX_PATH_LENGTH} characters`,
      );
    }
    const request = standin.parse(url, grammar);
    const answer = withWarnings(
      imageAnswer(await standin.image(request, signal, url, grammar), ifNoneMatch),
      request.warnings,
    );
    if (!isTextImage(request) || request.expiresAt === undefined) return answer;
    // An expiring token: no cache may keep the image past the expiry.
    const seconds = Math.max(0, Math.floor(request.expiresAt - Date.now() / 1000));
    return {
      ...answer,
      headers: { ...answer.headers, 'Cache-Control': `public, max-age=${seconds}` },
    };
  } catch (error) {
    if (error instanceof StandinError) {
      return prefersImage(accept) && error.status < 500
        ? await errorImageAnswer(standin, error, url)
        : withVary(errorAnswer(error));
    }
    throw error;
  }
}
