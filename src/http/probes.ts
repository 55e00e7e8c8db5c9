/**
 * What orchestrators and scrapers call: `/healthz` (the process answers), `/readyz` (every font
 * file checked, the default face warm, not shutting down) and `/metrics` (Prometheus).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { resolve } from '../resolve.js';
import type { Standin } from '../service.js';
import type { Metrics } from './metrics.js';

/** Paths that probes and scrapers call: never rate limited. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

export function registerProbes(
  app: FastifyInstance,
  standin: Standin,
  metrics: Metrics,
  config: Config,
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Ready once a first image is made (Fastify answers 503 itself while shutting down).
  let warm = false;
  app.addHook('onReady', async () => {
    // Straight to the core: a signed-URL server would refuse its own unsigned warm-up URL.
    await standin.image(resolve('/16x16.png', { limits: config.limits }));
    warm = true;
  });
  app.get('/readyz', async (_request, reply) =>
    warm
      ? { status: 'ready' }
      : reply.code(503).header('Retry-After', '1').send({ status: 'starting' }),
  );

  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
