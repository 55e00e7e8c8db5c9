/**
 * The core of standin as one object: parse a URL, render it (through the cache). The HTTP
 * server, the CLI and the library all go through here.
 */
import { LRUCache } from 'lru-cache';
import { ImageCache } from './cache/image-cache.js';
import type { Config, Limits } from './config.js';
import type { RenderedImage } from './pipeline/index.js';
import { inlineRenderer, type Renderer } from './pipeline/pool.js';
import { resolveRequest, specOf } from './resolve.js';
import { specKey } from './spec/canonical.js';
import type { GrammarName } from './spec/parse.js';
import { type ImageSpec, isTextImage, type Request } from './spec/types.js';
import { checkFaces } from './text/fonts.js';

export interface Standin {
  readonly limits: Limits;
  readonly cache: ImageCache;
  readonly renderer: Renderer;
  /**
   * A URL (path and optional query, as sent) → what it asks for; throws StandinError. `grammar`
   * overrides the configured reading (a server picks it by host name: grammarFor).
   */
  parse(url: string, grammar?: GrammarName): Request;
  /** The grammar configured for requests to this host name (Host header), or the default. */
  grammarFor(host: string | undefined): GrammarName;
  /**
   * The cached image of a URL already answered, found by the URL as sent (no parsing), or
   * undefined: the fast path for cache hits.
   */
  cached(url: string, grammar?: GrammarName): CachedAnswer | undefined;
  /**
   * The image for a request, from the cache when it is there; `signal`: the caller has gone.
   * `url`, the URL it was read from, lets later requests for it use `cached`.
   */
  image(
    request: Request,
    signal?: AbortSignal,
    url?: string,
    grammar?: GrammarName,
  ): Promise<RenderedImage>;
}

/**
 * Check that everything a render may need is installed (every bundled font face, readable):
 * a server calls this before it says it is ready. Throws an Error naming what is missing.
 */
export function checkInstallation(): void {
  checkFaces();
}

/** An image found by its URL, with the warnings its URL earned when it was read. */
export interface CachedAnswer {
  readonly image: RenderedImage;
  readonly warnings?: readonly string[];
}

/** What the URL index keeps for a URL. */
interface IndexEntry {
  readonly key: string;
  readonly warnings?: readonly string[];
}

/** Characters of URLs and keys the URL index may hold (about 2 MB). */
const URL_INDEX_CHARS = 1_000_000;

/** Told about each render that was not served from the cache (for metrics). */
export type RenderObserver = (spec: ImageSpec, seconds: number, outcome: 'ok' | 'error') => void;

/** The core; renders run inline unless a renderer (such as the server's worker pool) is given. */
export function createStandin(
  config: Pick<Config, 'limits' | 'cacheBytes' | 'sealKeys' | 'signingKeys'> &
    Partial<Pick<Config, 'grammar' | 'grammarByHost'>>,
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
  const defaultGrammar = config.grammar ?? 'placehold';
  const byHost = config.grammarByHost ?? new Map<string, GrammarName>();
  // The same URL reads differently under another grammar: the index knows which it was.
  const indexKey = (url: string, grammar: GrammarName) =>
    grammar === 'placehold' ? url : `${grammar} ${url}`;
  // URL as sent → cache key, so that a hit costs a lookup, not a parse. Bounded by the
  // characters it holds; an entry whose image was evicted simply misses.
  const urls =
    config.cacheBytes > 0
      ? new LRUCache<string, IndexEntry>({
          maxSize: URL_INDEX_CHARS,
          sizeCalculation: (entry, url) =>
            url.length + entry.key.length + 64 + (entry.warnings?.join('').length ?? 0),
        })
      : undefined;
  return {
    limits: config.limits,
    cache,
    renderer,
    parse(url, grammar = defaultGrammar) {
      return resolveRequest(url, { ...config, grammar });
    },
    grammarFor(host) {
      if (host === undefined || byHost.size === 0) return defaultGrammar;
      const name = host.toLowerCase().replace(/:\d+$/, '');
      return byHost.get(name) ?? defaultGrammar;
    },
    cached(url, grammar = defaultGrammar) {
      const entry = urls?.get(indexKey(url, grammar));
      const image = entry && cache.peek(entry.key);
      if (!entry || !image) return undefined;
      return entry.warnings ? { image, warnings: entry.warnings } : { image };
    },
    async image(request, signal, url, grammar = defaultGrammar) {
      // A text image's size comes from measuring its text: cheap, so done here, before the key.
      const spec = specOf(request, config.limits);
      const key = specKey(spec);
      const image = await cache.getOrRender(key, (shared) => timed(spec, shared), signal);
      // Expiring tokens are read each time, so that an expired one is refused.
      if (url !== undefined && !(isTextImage(request) && request.expiresAt !== undefined)) {
        urls?.set(
          indexKey(url, grammar),
          request.warnings ? { key, warnings: request.warnings } : { key },
        );
      }
      return image;
    },
  };
}
