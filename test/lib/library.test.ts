import { createServer } from 'node:http';
import Fastify from 'fastify';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  createHandler,
  parse,
  render,
  StandinError,
  seal,
  standinPlugin,
} from '../../src/index.js';
import { decodePng, pixel } from '../helpers.js';

describe('library', () => {
  it('renders a URL path', async () => {
    const image = await render('/600x400/000/fff.png?text=Hero');
    expect(image.contentType).toBe('image/png');
    expect(image.etag).toMatch(/^"/);
    const pixels = decodePng(image.body);
    expect([pixels.width, pixels.height]).toEqual([600, 400]);
    expect(pixel(pixels, 0, 0)).toEqual([0, 0, 0, 255]);
  });

  it('renders plain options and a parsed spec to the same bytes as the URL', async () => {
    const fromUrl = await render('/320x200/orange/white.webp?text=Same');
    const fromOptions = await render({
      width: 320,
      height: 200,
      format: 'webp',
      background: 'orange',
      foreground: 'white',
      text: 'Same',
    });
    const fromSpec = await render(parse('/320x200/orange/white/webp?text=Same'));
    expect(fromOptions.body.equals(fromUrl.body)).toBe(true);
    expect(fromSpec.body.equals(fromUrl.body)).toBe(true);
  });

  it('applies the same limits as the server', async () => {
    await expect(render({ width: 99999 })).rejects.toThrow(StandinError);
    await expect(render({ width: 10.5 })).rejects.toThrow('whole number');
    await expect(
      render('/100', { limits: { maxSide: 50, maxPixels: 1e6, maxTextLength: 10 } }),
    ).rejects.toThrow('between 1 and 50');
    const forged = { ...parse('/10'), width: 100000 };
    await expect(render(forged)).rejects.toThrow('width must be between');
  });

  it('checks options at run time, with codes and messages', async () => {
    const refused = async (options: unknown) =>
      render(options as never).then(
        () => 'rendered',
        (error: unknown) =>
          error instanceof StandinError ? `${error.code}: ${error.message}` : String(error),
      );
    expect(await refused({ width: 100, font: 42 })).toBe(
      'bad_query: font must be a string, got "42"',
    );
    expect(await refused({ width: 100, scale: Number.NaN })).toBe(
      'bad_query: scale must be a finite number, got "NaN"',
    );
    expect(await refused({ width: 100, scale: 4 })).toBe(
      'bad_scale: scale must be 1, 2 or 3, got 4',
    );
    expect(await refused({ width: 100, colour: 'red' })).toMatch(
      /^bad_query: unknown option "colour"/,
    );
    expect(await refused({ width: 100, font: 'comic' })).toMatch(/^unknown_font: /);
  });

  it('reads no environment: keys are passed in', () => {
    const before = process.env.STANDIN_SEAL_KEY;
    process.env.STANDIN_SEAL_KEY = 'b'.repeat(64);
    try {
      expect(() => seal('jane@example.com')).toThrow(
        expect.objectContaining({ code: 'missing_key', status: 500 }),
      );
      const path = seal('jane@example.com', { key: 'b'.repeat(64) });
      // a sealed path is read with the key given, never one from the environment
      expect(() => parse(path)).toThrow(expect.objectContaining({ code: 'not_found' }));
      expect(parse(path, { sealKey: 'b'.repeat(64) }).format).toBe('png');
    } finally {
      if (before === undefined) delete process.env.STANDIN_SEAL_KEY;
      else process.env.STANDIN_SEAL_KEY = before;
    }
  });

  it('mounts as a Fastify plugin under a prefix', async () => {
    const app = Fastify();
    await app.register(standinPlugin, { prefix: '/placeholder' });
    const ok = await app.inject('/placeholder/300x200.png');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('image/png');
    const meta = await sharp(ok.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([300, 200]);
    const bad = await app.inject('/placeholder/0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('size_out_of_range');
    await app.close();
  });

  it('serves as a Node/Express request handler', async () => {
    const server = createServer(createHandler());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/200x100/jpg`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('cache-control')).toContain('immutable');
      const etag = response.headers.get('etag') ?? '';
      await response.arrayBuffer();
      const again = await fetch(`http://127.0.0.1:${port}/200x100/jpg`, {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      const bad = await fetch(`http://127.0.0.1:${port}/200x100/nocolour`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_colour');
      const post = await fetch(`http://127.0.0.1:${port}/200x100`, { method: 'POST' });
      expect(post.status).toBe(405);
    } finally {
      server.close();
    }
  });
});
