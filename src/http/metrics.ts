/**
 * Prometheus metrics (prom-client), one registry per server so that several servers in one
 * process (tests, embedding) do not mix their counts.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ImageCache } from '../cache/image-cache.js';
import type { Renderer } from '../pipeline/pool.js';
import type { ImageSpec } from '../spec/types.js';

export interface Metrics {
  readonly registry: Registry;
  /** Count an answered request. `format` is empty for answers that are not images. */
  request(status: number, format: string): void;
  /** Count a refused request by its error code. */
  rejection(code: string): void;
  /** Time a render that missed the cache. */
  render(spec: ImageSpec, seconds: number, outcome: 'ok' | 'error'): void;
}

export function createMetrics(sources: {
  cache: () => ImageCache;
  renderer: () => Renderer;
}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'standin_' });

  // Requests are counted in a plain map and handed to prom-client when it is scraped: every
  // cached image pays for one map update, not for prom-client's label hashing.
  const counted = new Map<string, number>();
  new Counter({
    name: 'standin_http_requests_total',
    help: 'HTTP requests answered, by status and image format.',
    labelNames: ['status', 'format'] as const,
    registers: [registry],
    collect() {
      for (const [key, count] of counted) {
        const [status = '', format = ''] = key.split(' ');
        this.inc({ status, format }, count);
      }
      counted.clear();
    },
  });
  const rejections = new Counter({
    name: 'standin_rejections_total',
    help: 'Requests refused, by error code (bad input, busy, timeout, rate limit).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const renders = new Histogram({
    name: 'standin_render_seconds',
    help: 'Time to render and encode an image that was not cached, waiting for a worker included.',
    labelNames: ['format', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  const cache = () => sources.cache().stats();
  const renderer = () => sources.renderer().stats();
  const gauges: readonly [string, string, () => number][] = [
    [
      'standin_cache_hits',
      'Requests answered from the image cache since start.',
      () => cache().hits,
    ],
    ['standin_cache_misses', 'Requests that had to render since start.', () => cache().misses],
    ['standin_cache_bytes', 'Bytes held by the image cache.', () => cache().bytes],
    ['standin_cache_max_bytes', 'Byte budget of the image cache.', () => cache().maxBytes],
    ['standin_cache_entries', 'Images held by the image cache.', () => cache().entries],
    ['standin_render_queue_depth', 'Costly renders waiting for a worker.', () => renderer().queued],
    ['standin_render_in_flight', 'Renders in progress or waiting.', () => renderer().running],
    [
      'standin_renders_shared',
      'Cheap renders sent to a render thread with others of their turn, since start.',
      () => renderer().shared,
    ],
  ];
  for (const [name, help, read] of gauges) gauge(name, help, read);

  return {
    registry,
    request: (status, format) => {
      const key = `${status} ${format}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    },
    rejection: (code) => rejections.inc({ code }),
    render: (spec, seconds, outcome) => renders.observe({ format: spec.format, outcome }, seconds),
  };
}
