/**
 * deploy/kubernetes: every manifest is valid against the Kubernetes API schemas
 * (kubernetes-models validates with the published OpenAPI definitions), and agrees with the
 * server it deploys: the probes are paths standin answers, the port is the one it listens on,
 * the memory limit covers the peak the soak measured. kubernetes-models checks types and
 * required fields but lets unknown fields pass, so the fields that matter (probes, security
 * context, resources) are also asserted by name below: a misspelled one fails there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { PROBE_PATHS } from '../../src/http/probes.js';

const DIR = new URL('../../deploy/kubernetes/', import.meta.url);

interface Manifest {
  readonly file: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly body: Record<string, unknown>;
}

const manifests: Manifest[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(readFileSync(new URL(file, DIR), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      const body = doc.toJS() as Record<string, unknown>;
      return { file, kind: String(body.kind), apiVersion: String(body.apiVersion), body };
    }),
  );

const MODELS: Record<string, (body: Record<string, unknown>) => { validate(): void }> = {
  'apps/v1/Deployment': (b) => new Deployment(b as ConstructorParameters<typeof Deployment>[0]),
  'v1/Service': (b) => new Service(b as ConstructorParameters<typeof Service>[0]),
  'v1/ConfigMap': (b) => new ConfigMap(b as ConstructorParameters<typeof ConfigMap>[0]),
  'autoscaling/v2/HorizontalPodAutoscaler': (b) =>
    new HorizontalPodAutoscaler(b as ConstructorParameters<typeof HorizontalPodAutoscaler>[0]),
  'policy/v1/PodDisruptionBudget': (b) =>
    new PodDisruptionBudget(b as ConstructorParameters<typeof PodDisruptionBudget>[0]),
};

/** A path into a plain object, for reading manifests without casts at every step. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function find(kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && at(m.body, 'metadata', 'name') === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return found;
}

/** Kubernetes memory quantities (Mi, Gi, M, G) in bytes. */
function bytes(quantity: unknown): number {
  const match = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(String(quantity));
  if (!match) throw new Error(`not a memory quantity: ${String(quantity)}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, K: 1e3, M: 1e6, G: 1e9 }[match[2] ?? ''];
  return Number(match[1]) * (unit ?? 1);
}

describe('deploy/kubernetes', () => {
  it('has every kind a cluster deployment needs', () => {
    const kinds = manifests.map((m) => m.kind).sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'Service',
      ]),
    );
    const kustomization = readFileSync(new URL('kustomization.yaml', DIR), 'utf8');
    for (const file of new Set(manifests.map((m) => m.file))) expect(kustomization).toContain(file);
  });

  it.each(
    manifests.map(
      (m) => [`${m.file}: ${m.kind} ${String(at(m.body, 'metadata', 'name'))}`, m] as const,
    ),
  )('%s is valid against the Kubernetes schema', (_name, manifest) => {
    const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    if (!model) throw new Error(`no schema here for ${manifest.apiVersion} ${manifest.kind}`);
    expect(() => model(manifest.body).validate()).not.toThrow();
  });

  it('the validation does catch a broken manifest', () => {
    const broken = structuredClone(find('Deployment', 'standin').body);
    (broken.spec as Record<string, unknown>).replicas = 'two';
    expect(() => MODELS['apps/v1/Deployment']?.(broken).validate()).toThrow();
  });

  it('probes, port and settings agree with the server', () => {
    const deployment = find('Deployment', 'standin').body;
    const container = at(deployment, 'spec', 'template', 'spec', 'containers', 0);
    const env = Object.fromEntries(
      (at(container, 'env') as { name: string; value: string }[]).map((e) => [e.name, e.value]),
    );
    // The environment is one standin accepts (loadConfig throws on a bad value).
    const config = loadConfig(env);
    expect(at(container, 'ports', 0, 'containerPort')).toBe(config.port);
    expect(at(container, 'readinessProbe', 'httpGet', 'path')).toBe('/readyz');
    expect(at(container, 'livenessProbe', 'httpGet', 'path')).toBe('/healthz');
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(PROBE_PATHS.has(String(at(container, probe, 'httpGet', 'path')))).toBe(true);
    }
    // Memory: the soak's worst phases peaked at 0.93 to 1.06 GB; the limit leaves room above.
    expect(bytes(at(container, 'resources', 'limits', 'memory'))).toBeGreaterThan(1.2 * 1.06e9);
    expect(bytes(at(container, 'resources', 'requests', 'memory'))).toBeGreaterThanOrEqual(400e6);
    expect(at(container, 'resources', 'requests', 'cpu')).toBeDefined();
  });

  it('runs as non-root on a read-only root filesystem, without privileges', () => {
    for (const deployment of manifests.filter((m) => m.kind === 'Deployment')) {
      const pod = at(deployment.body, 'spec', 'template', 'spec');
      expect(at(pod, 'securityContext', 'runAsNonRoot')).toBe(true);
      expect(at(pod, 'automountServiceAccountToken')).toBe(false);
      for (const container of at(pod, 'containers') as unknown[]) {
        expect(at(container, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
        expect(at(container, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
        expect(at(container, 'securityContext', 'capabilities', 'drop')).toEqual(['ALL']);
        expect(at(container, 'resources', 'limits', 'memory')).toBeDefined();
      }
    }
  });

  it('scales the renderers on CPU, and the cache points at their Service', () => {
    const hpa = find('HorizontalPodAutoscaler', 'standin').body;
    expect(at(hpa, 'spec', 'scaleTargetRef', 'name')).toBe('standin');
    expect(at(hpa, 'spec', 'metrics', 0, 'resource', 'name')).toBe('cpu');
    const service = find('Service', 'standin').body;
    const port = at(service, 'spec', 'ports', 0, 'port');
    const nginx = String(at(find('ConfigMap', 'standin-cache').body, 'data', 'default.conf'));
    expect(nginx).toContain(`server standin:${String(port)}`);
    expect(nginx).toContain('proxy_cache_lock on');
    // Every Service selects pods some Deployment makes.
    for (const svc of manifests.filter((m) => m.kind === 'Service')) {
      const selector = at(svc.body, 'spec', 'selector') as Record<string, string>;
      const matched = manifests.some(
        (m) =>
          m.kind === 'Deployment' &&
          Object.entries(selector).every(
            ([k, v]) => at(m.body, 'spec', 'template', 'metadata', 'labels', k) === v,
          ),
      );
      expect(matched, `${String(at(svc.body, 'metadata', 'name'))} selects no pods`).toBe(true);
    }
  });
});
