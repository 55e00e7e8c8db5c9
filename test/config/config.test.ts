import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, KEY_OPTIONS, loadConfig, OPTIONS, STRING_OPTIONS } from '../../src/config.js';

describe('loadConfig', () => {
  it('has sane defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('0.0.0.0');
    expect(config.limits).toEqual({ maxSide: 4000, maxPixels: 16_000_000, maxTextLength: 500 });
    expect(config.cacheBytes).toBe(128 * 1024 * 1024);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      STANDIN_MAX_SIDE: '2000',
      STANDIN_MAX_PIXELS: '1_000_000',
      STANDIN_CACHE_BYTES: '0',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      cacheBytes: 0,
      logLevel: 'warn',
    });
    expect(config.limits.maxSide).toBe(2000);
    expect(config.limits.maxPixels).toBe(1_000_000);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['STANDIN_MAX_SIDE', '0'],
    ['STANDIN_MAX_PIXELS', '-1'],
    ['STANDIN_CACHE_BYTES', '1.5'],
    ['LOG_LEVEL', 'loud'],
    ['STANDIN_SEAL_KEY', 'abc'],
    ['STANDIN_SIGNING_KEY', 'zz'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('documents exactly these variables in the README table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## '));
    const documented = [...table.matchAll(/^\| `([A-Z_]+)`\s*\| `([^`]*)`\s*\|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    const declared = [
      ...Object.values(OPTIONS).map((o) => [o.env, String(o.default)]),
      ...Object.values(STRING_OPTIONS)
        .filter((o) => o.default !== '')
        .map((o) => [o.env, o.default]),
    ];
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(declared));
    const unset = [
      ...Object.values(KEY_OPTIONS),
      ...Object.values(STRING_OPTIONS).filter((o) => o.default === ''),
    ];
    for (const option of unset) expect(table).toContain(`| \`${option.env}\` | unset |`);
  });
});
