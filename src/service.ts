/**
 * The core of standin as one object: parse a URL, render it (through the cache). The HTTP
 * server, the CLI and the library all go through here.
 */
import { ImageCache } from './cache/image-cache.js';
import type { Config, Limits } from './config.js';
import type { RenderedImage } from './pipeline/index.js';
import { inlineRenderer, type Renderer } from './pipeline/pool.js';
import { resolveRequest, specOf } from './resolve.js';
import { specKey } from './spec/canonical.js';
import type { ImageSpec, Request } from './spec/types.js';
import { checkFaces } from './text/fonts.js';

export interface Standin {
  readonly limits: Limits;
  readonly cache: ImageCache;
  readonly renderer: Renderer;
  /** A URL (path and optional query, as sent) → what it asks for; throws StandinError. */
  parse(url: string): Request;
  /** The image for a request, from the cache when it is there; `signal`: the caller has gone. */
  image(request: Request, signal?: AbortSignal): Promise<RenderedImage>;
}

/**
 * Check that everything a render may need is installed (every bundled font face, readable):
 * a server calls this before it says it is ready. Throws an Error naming what is missing.
 */
export function checkInstallation(): void {
  checkFaces();
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
    parse(url) {
      return resolveRequest(url, config);
    },
    image(request, signal) {
      // A text image's size comes from measuring its text: cheap, so done here, before the key.
      const spec = specOf(request, config.limits);
      return cache.getOrRender(specKey(spec), (shared) => timed(spec, shared), signal);
    },
  };
}
