/**
 * standin as a library: placeholder images with no server at all.
 *
 *   import { render } from 'standin';
 *   const { body, contentType } = await render('/600x400/000/fff.png?text=Hero');
 *   const png = await render({ width: 600, height: 400, format: 'png', text: 'Hero' });
 */
import { DEFAULT_LIMITS, type Limits, loadConfig } from './config.js';
import { StandinError } from './errors.js';
import type { RenderedImage } from './render/index.js';
import { renderImage } from './render/index.js';
import {
  type KeyRing,
  parseKeyRing,
  type SealTextOptions,
  sealText,
  signUrl,
} from './seal/index.js';
import { checkSpec, type ImageOptions, specFromOptions } from './spec/options.js';
import { parseAny, parseRequest } from './spec/parse.js';
import { type ImageSpec, isTextImage } from './spec/types.js';
import { sizeToText } from './text/size.js';

export type { Config, Limits } from './config.js';
export { DEFAULT_LIMITS, loadConfig } from './config.js';
export { type ErrorCode, StandinError } from './errors.js';
export { createHandler, type HandlerOptions, type NodeHandler } from './http/handler.js';
export { type StandinPluginOptions, standinPlugin } from './http/plugin.js';
export { buildServer, type ServerOptions } from './http/server.js';
export type { RenderedImage } from './render/index.js';
export type { SealTextOptions } from './seal/index.js';
export { generateKey } from './seal/index.js';
export { createStandin, type Standin } from './service.js';
export { specKey } from './spec/canonical.js';
export type { ImageOptions } from './spec/options.js';
export type { FontName, Format, ImageSpec, Rgba } from './spec/types.js';
export { FONTS, FORMATS } from './spec/types.js';

/** Which keys to use: given here, or else from STANDIN_SEAL_KEY / STANDIN_SIGNING_KEY. */
export interface KeyOptions {
  /** One or more 64-hex-character keys, comma-separated (the first is used). */
  readonly key?: string;
}

function keyRing(key: string | undefined, which: 'sealKeys' | 'signingKeys'): KeyRing {
  if (key !== undefined) return parseKeyRing(key, 'key');
  // The environment is read through the one configuration loader, like the server's.
  const ring = loadConfig(process.env)[which];
  if (!ring) {
    const variable = which === 'sealKeys' ? 'STANDIN_SEAL_KEY' : 'STANDIN_SIGNING_KEY';
    throw new StandinError(
      'bad_query',
      `no key: pass { key } or set ${variable} ("standin keygen" prints one)`,
    );
  }
  return ring;
}

/**
 * Seal a text (an e-mail address, a phone number) into an image path, `/t/{token}.png`, that
 * shows it without the text appearing in the page or the URL. Deterministic: the same text,
 * options and key give the same path.
 */
export function seal(text: string, options: SealTextOptions & KeyOptions = {}): string {
  const { key, ...rest } = options;
  return sealText(text, rest, keyRing(key, 'sealKeys'));
}

/** Sign a URL path for a server that only renders signed URLs (STANDIN_SIGNING_KEY). */
export function sign(pathAndQuery: string, options: KeyOptions = {}): string {
  return signUrl(pathAndQuery, keyRing(options.key, 'signingKeys'));
}

export interface LibraryOptions {
  /** The same limits as the server's; defaults to the server's defaults. */
  readonly limits?: Limits;
}

/**
 * Parse a URL path (with an optional `?query`), as the server would, into an ImageSpec.
 * Throws StandinError for input the server would answer with a 4xx.
 */
export function parse(pathAndQuery: string, options: LibraryOptions = {}): ImageSpec {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1));
  return parseRequest(path, query, options.limits ?? DEFAULT_LIMITS);
}

function isSpec(value: ImageSpec | ImageOptions): value is ImageSpec {
  return 'scale' in value && typeof value.background === 'object';
}

/** Any URL path the server reads, text images (`/text/png?text=...`) included, as an ImageSpec. */
function specFromPath(pathAndQuery: string, limits: Limits): ImageSpec {
  const q = pathAndQuery.indexOf('?');
  const request = parseAny(
    q < 0 ? pathAndQuery : pathAndQuery.slice(0, q),
    new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1)),
    limits,
  );
  return isTextImage(request) ? sizeToText(request, limits) : request;
}

/**
 * Render an image from a URL path (`'/600x400.png?text=Hi'`, `'/text/png?text=Hi'`), a spec
 * from `parse()`, or plain options (`{ width: 600, height: 400, format: 'png' }`). The same
 * input always gives the same bytes. Resolves to `{ body, contentType, etag, format }`.
 */
export async function render(
  input: string | ImageSpec | ImageOptions,
  options: LibraryOptions = {},
): Promise<RenderedImage> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const spec =
    typeof input === 'string'
      ? specFromPath(input, limits)
      : isSpec(input)
        ? checkSpec(input, limits)
        : specFromOptions(input, limits);
  return renderImage(spec);
}
