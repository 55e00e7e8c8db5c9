/**
 * One way from a URL to what it asks for, shared by every face (the server, the library's
 * `parse` and `render`, the CLI's `render`), so that whatever one accepts, all accept:
 *
 *   URL → split path and query → signature (when signing keys are set) → a sealed token
 *   (`/t/...`, when seal keys are set) or a grammar (placehold.co, dummyimage.com, fakeimg.pl,
 *   `/text/...`) → a text image sized to its text → ImageSpec.
 *
 * Pure: no environment, no HTTP, no pixels beyond measuring text. Keys and limits are passed in.
 */
import { DEFAULT_LIMITS, type Limits } from './config.js';
import { StandinError } from './errors.js';
import { badToken, type KeyRing, openPayload, tokenExpiry, verifySignedUrl } from './seal/index.js';
import { formatFromName } from './spec/common.js';
import { parseTextImage } from './spec/grammars/text.js';
import { type GrammarName, parseAny } from './spec/parse.js';
import { type ImageSpec, isTextImage, type Request, type TextImageSpec } from './spec/types.js';
import { sizeToText } from './text/size.js';

export interface ResolveOptions {
  /** Defaults to the server's defaults. */
  readonly limits?: Limits;
  /** Keys that open sealed tokens (`/t/...`); without them a token is not found. */
  readonly sealKeys?: KeyRing;
  /** Keys that sign URLs; with them, only URLs with a valid `sig` are read. */
  readonly signingKeys?: KeyRing;
  /** Whose reading wins for a URL several grammars could read (default placehold.co's). */
  readonly grammar?: GrammarName;
}

/** A raw request URL (as sent, still percent-encoded) split into its path and its query. */
export function splitUrl(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  return mark < 0
    ? { path: url, query: '' }
    : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

/** `/t/{token}` or `/t/{token}.{format}`: a sealed text image. */
const SEALED_PATH = /^\/t\/([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9]+))?$/;

/**
 * A URL (path and optional query, as sent) → what it asks for: a placeholder, or a text image
 * still to be sized. Throws StandinError for anything refused.
 */
export function resolveRequest(url: string, options: ResolveOptions = {}): Request {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const { path, query } = splitUrl(url);
  const sealed = SEALED_PATH.exec(path);
  // Sealed tokens carry their own authentication: they need no signature.
  if (sealed) return openSealed(sealed[1] ?? '', sealed[2], options.sealKeys, limits);
  if (options.signingKeys) {
    const unsigned = splitUrl(verifySignedUrl(url, options.signingKeys));
    return parseAny(unsigned.path, new URLSearchParams(unsigned.query), limits, options.grammar);
  }
  return parseAny(path, new URLSearchParams(query), limits, options.grammar);
}

/** What a request draws: a text image gets its size from measuring its text. */
export function specOf(request: Request, limits: Limits = DEFAULT_LIMITS): ImageSpec {
  if (!isTextImage(request)) return request;
  try {
    return sizeToText(request, limits);
  } catch (error) {
    // A sealed text that cannot be drawn here: the reason would tell about the sealed text.
    if (request.sealed && error instanceof StandinError) throw badToken();
    throw error;
  }
}

/** A URL → the ImageSpec it draws: resolveRequest, then specOf. */
export function resolve(url: string, options: ResolveOptions = {}): ImageSpec {
  return specOf(resolveRequest(url, options), options.limits);
}

/**
 * Open a sealed token into its text-image request. Every failure, including options the token
 * carries that this server refuses, is the same generic bad_token: no message may echo the
 * sealed text. The format is sealed too (the payload's `format`): the path may repeat it as its
 * extension or leave the extension out, and any other extension is a bad token. Tokens sealed
 * before the format was (payloads without one) take the path's extension, PNG without one.
 */
function openSealed(
  token: string,
  extension: string | undefined,
  keys: KeyRing | undefined,
  limits: Limits,
): TextImageSpec {
  if (!keys) {
    throw new StandinError(
      'not_found',
      'this server has no sealed tokens (STANDIN_SEAL_KEY is unset)',
    );
  }
  const options = new URLSearchParams(openPayload(token, keys));
  const sealed = options.get('format');
  options.delete('format');
  const asked = extension === undefined ? undefined : formatFromName(extension);
  if (extension !== undefined && asked === undefined) throw badToken();
  if (sealed !== null && asked !== undefined && formatFromName(sealed) !== asked) {
    throw badToken();
  }
  try {
    const request = parseTextImage(`/text/${sealed ?? asked ?? 'png'}`, options, limits);
    const expiresAt = tokenExpiry(token);
    return { ...request, sealed: true, ...(expiresAt === undefined ? {} : { expiresAt }) };
  } catch (error) {
    if (error instanceof StandinError) throw badToken();
    throw error;
  }
}
