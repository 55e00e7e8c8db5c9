/**
 * The core of standin as one object: parse a URL, render it (through the cache). The HTTP
 * server, the CLI and the library all go through here.
 */
import { ImageCache } from './cache/image-cache.js';
import type { Config, Limits } from './config.js';
import { StandinError } from './errors.js';
import type { RenderedImage } from './render/index.js';
import { inlineRenderer, type Renderer } from './render/pool.js';
import { badToken, openPayload, tokenExpiry, verifySignedUrl } from './seal/index.js';
import { specKey } from './spec/canonical.js';
import { formatFromName } from './spec/common.js';
import { parseTextImage } from './spec/grammars/text.js';
import { parseAny } from './spec/parse.js';
import { type ImageSpec, isTextImage, type Request, type TextImageSpec } from './spec/types.js';
import { checkFaces } from './text/fonts.js';
import { sizeToText } from './text/size.js';

export interface Standin {
  readonly limits: Limits;
  readonly cache: ImageCache;
  readonly renderer: Renderer;
  /** URL path and query → what it asks for; throws StandinError for bad input. */
  parse(path: string, query?: URLSearchParams | string): Request;
  /** The image for a request, from the cache when it is there; `signal`: the caller has gone. */
  image(request: Request, signal?: AbortSignal): Promise<RenderedImage>;
}

/** `/t/{token}` or `/t/{token}.{format}`: a sealed text image. */
const SEALED_PATH = /^\/t\/([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9]+))?$/;

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
  config: Pick<Config, 'limits' | 'sealKeys'>,
): TextImageSpec {
  if (!config.sealKeys) {
    throw new StandinError(
      'not_found',
      'this server has no sealed tokens (STANDIN_SEAL_KEY is unset)',
    );
  }
  const options = new URLSearchParams(openPayload(token, config.sealKeys));
  const sealed = options.get('format');
  options.delete('format');
  const asked = extension === undefined ? undefined : formatFromName(extension);
  if (extension !== undefined && asked === undefined) throw badToken();
  if (sealed !== null && asked !== undefined && formatFromName(sealed) !== asked) {
    throw badToken();
  }
  try {
    const request = parseTextImage(`/text/${sealed ?? asked ?? 'png'}`, options, config.limits);
    const expiresAt = tokenExpiry(token);
    return { ...request, sealed: true, ...(expiresAt === undefined ? {} : { expiresAt }) };
  } catch (error) {
    if (error instanceof StandinError) throw badToken();
    throw error;
  }
}

/**
 * Check that everything a render may need is installed (every bundled font face, readable):
 * a server calls this before it says it is ready. Throws an Error naming what is missing.
 */
export function checkInstallation(): void {
  checkFaces();
}

/**
 * A text image sized to its text. A sealed one that cannot be drawn (its text too big at its
 * size for this server's limits) is the one generic bad token: the reason would tell about
 * the sealed text.
 */
function sizedText(request: TextImageSpec, limits: Limits): ImageSpec {
  try {
    return sizeToText(request, limits);
  } catch (error) {
    if (request.sealed && error instanceof StandinError) throw badToken();
    throw error;
  }
}

/** Told about each render that was not served from the cache (for metrics). */
export type RenderObserver = (spec: ImageSpec, seconds: number, outcome: 'ok' | 'error') => void;

/** The core; renders run inline unless a renderer (such as the server's worker pool) is given. */
export function createStandin(
  config: Pick<Config, 'limits' | 'cacheBytes' | 'sealKeys' | 'signingKeys'>,
  renderer: Renderer = inlineRenderer(),
  observe?: RenderObserver,
): Standin {
  const timed = async (spec: ImageSpec, signal: AbortSignal): Promise<RenderedImage> => {
    const started = performance.now();
    try {
      const image = await renderer.render(spec, signal);
      observe?.(spec, (performance.now() - started) / 1000, 'ok');
      return image;
    } catch (error) {
      observe?.(spec, (performance.now() - started) / 1000, 'error');
      throw error;
    }
  };
  const cache = new ImageCache(config.cacheBytes);
  return {
    limits: config.limits,
    cache,
    renderer,
    parse(path, query = '') {
      const raw = typeof query === 'string' ? query : query.toString();
      const sealed = SEALED_PATH.exec(path);
      if (sealed) return openSealed(sealed[1] ?? '', sealed[2], config);
      let [p, q] = [path, raw];
      if (config.signingKeys) {
        const unsigned = verifySignedUrl(raw === '' ? path : `${path}?${raw}`, config.signingKeys);
        const mark = unsigned.indexOf('?');
        [p, q] = mark < 0 ? [unsigned, ''] : [unsigned.slice(0, mark), unsigned.slice(mark + 1)];
      }
      return parseAny(p, new URLSearchParams(q), config.limits);
    },
    image(request, signal) {
      // A text image's size comes from measuring its text: cheap, so done here, before the key.
      const spec = isTextImage(request) ? sizedText(request, config.limits) : request;
      return cache.getOrRender(specKey(spec), (shared) => timed(spec, shared), signal);
    },
  };
}
