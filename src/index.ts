/**
 * standin as a library: placeholder images with no server at all.
 *
 *   import { render } from 'standin';
 *   const { body, contentType } = await render('/600x400/000/fff.png?text=Hero');
 *   const png = await render({ width: 600, height: 400, format: 'png', text: 'Hero' });
 */
import { DEFAULT_LIMITS, type Limits } from './config.js';
import { StandinError } from './errors.js';
import type { RenderedImage } from './pipeline/index.js';
import { renderImage } from './pipeline/index.js';
import {
  type ProtectHtmlOptions,
  type ProtectReport,
  protectBytes as protectBytesWith,
  protectHtml,
} from './protect/html.js';
import { type ResolveOptions, resolve } from './resolve.js';
import {
  type KeyRing,
  parseKeyRing,
  type SealTextOptions,
  sealText,
  signUrl,
} from './seal/index.js';
import { checkSpec, type ImageOptions, specFromOptions } from './spec/options.js';
import { GRAMMAR_NAMES, type GrammarName, isGrammarName } from './spec/parse.js';
import type { ImageSpec } from './spec/types.js';

export type { Config, Limits } from './config.js';
export { DEFAULT_LIMITS, loadConfig } from './config.js';
export { ConfigError, ERROR_STATUS, type ErrorCode, StandinError } from './errors.js';
export { createHandler, type HandlerOptions, type NodeHandler } from './http/handler.js';
export { type StandinPluginOptions, standinPlugin } from './http/plugin.js';
export { type ProtectPagesOptions, protectHook, protectResponses } from './http/protect.js';
export { buildServer, type ServerOptions } from './http/server.js';
export type { RenderedImage } from './pipeline/index.js';
export type { ProtectHtmlOptions, ProtectReport, TextStyle } from './protect/html.js';
export type { SealTextOptions } from './seal/index.js';
export { generateKey, KeyError } from './seal/index.js';
export { createStandin, type Standin } from './service.js';
export { specKey } from './spec/canonical.js';
export type { ImageOptions } from './spec/options.js';
export { GRAMMAR_NAMES, type GrammarName } from './spec/parse.js';
export type { FontName, Format, ImageSpec, Rgba } from './spec/types.js';
export { FONTS, FORMATS } from './spec/types.js';

/** The key for `seal()` or `sign()`. */
export interface KeyOptions {
  /**
   * One or more 64-hex-character keys, comma-separated (the first is used): the value the
   * server is given as STANDIN_SEAL_KEY or STANDIN_SIGNING_KEY. `standin keygen` prints one.
   */
  readonly key?: string;
}

/** The library reads no environment: keys are passed in. */
function keyRing(key: string | undefined, what: 'seal' | 'sign'): KeyRing {
  if (key === undefined || key.trim() === '') {
    throw new StandinError(
      'missing_key',
      `${what}() needs a key: pass { key } (the server's ${what === 'seal' ? 'STANDIN_SEAL_KEY' : 'STANDIN_SIGNING_KEY'}; "standin keygen" prints one)`,
    );
  }
  return parseKeyRing(key, 'key');
}

/**
 * Seal a text (an e-mail address, a phone number) into an image path, `/t/{token}.png`, that
 * shows it without the text appearing in the page or the URL. Deterministic: the same text,
 * options and key give the same path.
 */
export function seal(
  text: string,
  options: SealTextOptions & KeyOptions & { readonly limits?: Limits } = {},
): string {
  const { key, limits, ...rest } = options;
  return sealText(text, rest, keyRing(key, 'seal'), limits ?? DEFAULT_LIMITS);
}

/**
 * Protect a page: every e-mail address and phone number in the HTML's text becomes an `<img>`
 * of a sealed token (sized, with an alt text that does not repeat it), `mailto:` links lose the
 * address; the rest of the document is unchanged byte for byte. The key is the server's
 * STANDIN_SEAL_KEY, so the server can draw the images. The report counts what was replaced.
 */
export function protect(
  html: string,
  options: ProtectHtmlOptions & KeyOptions,
): { html: string; report: ProtectReport } {
  const { key, ...rest } = options;
  return protectHtml(html, keyRing(key, 'seal'), rest);
}

/** protect() for bytes: anything that is not UTF-8 text passes through unchanged, with a warning. */
export function protectBytes(
  bytes: Uint8Array,
  options: ProtectHtmlOptions & KeyOptions,
): { bytes: Uint8Array; report: ProtectReport } {
  const { key, ...rest } = options;
  return protectBytesWith(bytes, keyRing(key, 'seal'), rest);
}

/** Sign a URL path for a server that only renders signed URLs (STANDIN_SIGNING_KEY). */
export function sign(pathAndQuery: string, options: KeyOptions = {}): string {
  return signUrl(pathAndQuery, keyRing(options.key, 'sign'));
}

export interface LibraryOptions {
  /** The same limits as the server's; defaults to the server's defaults. */
  readonly limits?: Limits;
  /** Keys that open sealed paths (`/t/...`): the server's STANDIN_SEAL_KEY. */
  readonly sealKey?: string;
  /** When given, only signed URLs are read, as by a server with this STANDIN_SIGNING_KEY. */
  readonly signingKey?: string;
  /** Whose reading wins for a URL several services share, as STANDIN_GRAMMAR (default placehold). */
  readonly grammar?: GrammarName;
}

function checkGrammar(name: string): GrammarName {
  if (!isGrammarName(name)) {
    throw new StandinError(
      'bad_query',
      `grammar must be one of ${GRAMMAR_NAMES.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

function resolveOptions(options: LibraryOptions): ResolveOptions {
  return {
    limits: options.limits ?? DEFAULT_LIMITS,
    ...(options.grammar === undefined ? {} : { grammar: checkGrammar(options.grammar) }),
    ...(options.sealKey === undefined
      ? {}
      : { sealKeys: parseKeyRing(options.sealKey, 'sealKey') }),
    ...(options.signingKey === undefined
      ? {}
      : { signingKeys: parseKeyRing(options.signingKey, 'signingKey') }),
  };
}

/**
 * Read a URL path (with an optional `?query`) exactly as the server does, into the ImageSpec it
 * draws: every grammar, text images (`/text/png?text=...`), sealed paths (with `sealKey`) and
 * signed URLs (with `signingKey`). Throws StandinError for input the server would refuse.
 */
export function parse(pathAndQuery: string, options: LibraryOptions = {}): ImageSpec {
  return resolve(pathAndQuery, resolveOptions(options));
}

function isSpec(value: ImageSpec | ImageOptions): value is ImageSpec {
  return 'scale' in value && typeof value.background === 'object';
}

/**
 * Render an image from a URL path (`'/600x400.png?text=Hi'`, `'/text/png?text=Hi'`, a sealed
 * `/t/...` path with `sealKey`), a spec from `parse()`, or plain options (`{ width: 600,
 * height: 400, format: 'png' }`). The same input always gives the same bytes. Resolves to
 * `{ body, contentType, etag, format }`.
 */
export async function render(
  input: string | ImageSpec | ImageOptions,
  options: LibraryOptions = {},
): Promise<RenderedImage> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const spec =
    typeof input === 'string'
      ? parse(input, options)
      : isSpec(input)
        ? checkSpec(input, limits)
        : specFromOptions(input, limits);
  return renderImage(spec);
}
