/**
 * STANDIN_GRAMMAR and STANDIN_GRAMMAR_BY_HOST: a deployment that replaces dummyimage.com,
 * fakeimg.pl or via.placeholder.com reads the URLs those services share with placehold.co
 * their way, defaults included; one server can do so per host name.
 */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { parse } from '../../src/index.js';
import { createStandin } from '../../src/service.js';

async function look(app: FastifyInstance, url: string, host = 'localhost') {
  const response = await app.inject({ url, headers: { host } });
  const type = String(response.headers['content-type']);
  if (type === 'image/svg+xml') return { type, corner: 'svg' };
  const { data } = await sharp(response.rawPayload).raw().toBuffer({ resolveWithObject: true });
  const corner = [...data.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('');
  return { type, corner };
}

describe('STANDIN_GRAMMAR', () => {
  const apps: FastifyInstance[] = [];
  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
    // Renders inline: no worker threads to start for each of these small servers.
    const app = await buildServer({ config, standin: createStandin(config) });
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it.each([
    ['placehold', '/300', { type: 'image/svg+xml', corner: 'svg' }],
    ['dummyimage', '/300', { type: 'image/png', corner: 'cccccc' }],
    ['fakeimg', '/300', { type: 'image/png', corner: 'cccccc' }],
    ['via', '/300', { type: 'image/png', corner: 'cccccc' }],
    ['dummyimage', '/600x400/000/fff', { type: 'image/png', corner: '000000' }],
    ['via', '/600x400/123/fff', { type: 'image/png', corner: '112233' }],
    // a URL only one grammar reads is read by it whatever the setting
    ['dummyimage', '/600x400/000/fff/png', { type: 'image/png', corner: '000000' }],
    ['fakeimg', '/600x400?text=Hi', { type: 'image/png', corner: 'cccccc' }],
  ] as const)('%s reads %s', async (grammar, url, expected) => {
    const app = await start({ STANDIN_GRAMMAR: grammar });
    expect(await look(app, url)).toEqual(expected);
    // the library, told the same, reads it the same
    expect(parse(url, { grammar }).format).toBe(expected.type === 'image/svg+xml' ? 'svg' : 'png');
  });

  it('picks the grammar by host name, and keeps their answers apart', async () => {
    const app = await start({
      STANDIN_GRAMMAR_BY_HOST: 'dummy.example.com=dummyimage, VIA.example.com=via',
    });
    expect(await look(app, '/300', 'dummy.example.com')).toEqual({
      type: 'image/png',
      corner: 'cccccc',
    });
    expect(await look(app, '/300', 'via.example.com:8080')).toEqual({
      type: 'image/png',
      corner: 'cccccc',
    });
    expect(await look(app, '/300', 'other.example.com')).toEqual({
      type: 'image/svg+xml',
      corner: 'svg',
    });
    // the cached answer of one host is not served to another
    expect(await look(app, '/300', 'dummy.example.com')).toEqual({
      type: 'image/png',
      corner: 'cccccc',
    });
    expect(await look(app, '/300', 'localhost')).toEqual({ type: 'image/svg+xml', corner: 'svg' });
  });

  it('refuses a grammar it does not know, naming the variable', () => {
    expect(() => loadConfig({ STANDIN_GRAMMAR: 'lorempixel' })).toThrow(ConfigError);
    expect(() => loadConfig({ STANDIN_GRAMMAR: 'lorempixel' })).toThrow(
      /STANDIN_GRAMMAR must be one of/,
    );
    expect(() => loadConfig({ STANDIN_GRAMMAR_BY_HOST: 'a.example=nope' })).toThrow(
      /STANDIN_GRAMMAR_BY_HOST \(a.example\) must be one of/,
    );
    expect(() => loadConfig({ STANDIN_GRAMMAR_BY_HOST: 'a.example' })).toThrow(/must look like/);
    expect(() => parse('/300', { grammar: 'nope' as never })).toThrow(/grammar must be one of/);
  });
});

describe('a server with defaults', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
  });
  afterAll(() => app.close());
  it('reads shared URLs as placehold.co does', async () => {
    expect(await look(app, '/600x400/000/fff')).toEqual({ type: 'image/svg+xml', corner: 'svg' });
  });
});
