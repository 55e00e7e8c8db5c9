/// <reference lib="dom" />
/**
 * A protected page in a real Chromium: the 20 addresses and numbers of test/protect/page.ts,
 * rewritten on the way out by protectHook, load as images drawn by the same server, none of
 * them is left in the page's HTML, and the accessibility tree reads the alt texts.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { generateKey, parse, protectHook } from '../../src/index.js';
import { listenOnLoopback } from '../helpers.js';
import { TWENTY, twentyPage } from '../protect/page.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.STANDIN_REQUIRE_BROWSER === '1';
const available = existsSync(CHROMIUM);
const outDir = fileURLToPath(new URL('../../test-output/', import.meta.url));

describe.skipIf(!available && !required)('a protected page in Chromium', () => {
  const key = generateKey();
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent', STANDIN_SEAL_KEY: key }),
    });
    app.addHook('onSend', protectHook({ key, region: 'US', size: 16 }));
    app.get('/contact.html', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(twentyPage()),
    );
    base = await listenOnLoopback(app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    await mkdir(outDir, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows every address as an image, leaves none in the HTML, and reads the alt texts', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/contact.html`);
    await expect
      .poll(() =>
        page.$$eval(
          'img.standin-protected',
          (imgs) =>
            imgs.filter(
              (img) =>
                (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
            ).length,
        ),
      )
      .toBe(20);
    const html = await page.content();
    for (const plain of TWENTY) expect(html).not.toContain(plain);
    // Each image is drawn at the size its tag promised, and holds its address.
    const images = await page.$$eval('img.standin-protected', (imgs) =>
      imgs.map((img) => ({
        src: (img as HTMLImageElement).getAttribute('src') ?? '',
        natural: [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight],
        attributes: [Number(img.getAttribute('width')), Number(img.getAttribute('height'))],
      })),
    );
    const shown = images.map((image) => {
      expect(image.natural).toEqual(image.attributes);
      return parse(image.src, { sealKey: key }).text;
    });
    expect(shown.sort()).toEqual([...TWENTY].sort());
    // What a screen reader gets: the alt texts, not the addresses.
    const tree = await page.locator('body').ariaSnapshot();
    expect(tree.match(/img "e-mail address, shown as an image"/g)).toHaveLength(10);
    expect(tree.match(/img "phone number, shown as an image"/g)).toHaveLength(10);
    await page.screenshot({ path: `${outDir}/protected-page.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
