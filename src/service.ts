/**
 * The core of standin as one object: parse a URL, render it (through the cache). The HTTP
 * server, the CLI and the library all go through here.
 */
import { ImageCache } from './cache/image-cache.js';
import type { Config, Limits } from './config.js';
import type { RenderedImage } from './render/index.js';
import { inlineRenderer, type Renderer } from './render/pool.js';
import { specKey } from './spec/canonical.js';
import { parseAny } from './spec/parse.js';
import { type ImageSpec, isTextImage, type Request } from './spec/types.js';
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

/** Told about each render that was not served from the cache (for metrics). */
export type RenderObserver = (spec: ImageSpec, seconds: number, outcome: 'ok' | 'error') => void;

/** The core; renders run inline unless a renderer (such as the server's worker pool) is given. */
export function createStandin(
  config: Pick<Config, 'limits' | 'cacheBytes'>,
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
      const params = typeof query === 'string' ? new URLSearchParams(query) : query;
      return parseAny(path, params, config.limits);
    },
    image(request, signal) {
      // A text image's size comes from measuring its text: cheap, so done here, before the key.
      const spec = isTextImage(request) ? sizeToText(request, config.limits) : request;
      return cache.getOrRender(specKey(spec), (shared) => timed(spec, shared), signal);
    },
  };
}
