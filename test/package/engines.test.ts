/**
 * The Node versions standin says it supports (`engines` in package.json) are ones every
 * installed package supports too, so no install warns EBADENGINE on a supported version.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as {
    engines?: { node?: string };
    packages?: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
  };

describe('engines', () => {
  const ours = read('package.json').engines?.node ?? '';
  const lowest = semver.minVersion(ours)?.version ?? '';

  it('names a range with a lowest version', () => {
    expect(semver.validRange(ours)).not.toBeNull();
    expect(lowest).toMatch(/^20\./);
  });

  it('every package in the lock file supports the lowest version we promise', () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(read('package-lock.json').packages ?? {})) {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || !node || !semver.validRange(node)) continue;
      if (!semver.satisfies(lowest, node))
        refusing.push(`${path} (node ${node})${entry.dev ? ' dev' : ''}`);
    }
    expect(refusing).toEqual([]);
  });
});
