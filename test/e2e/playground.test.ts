/// <reference lib="dom" />
/**
 * The playground page in a real headless Chromium (Debian's package, driven by playwright-core;
 * no browser download). Skipped with a notice when /usr/bin/chromium is missing, unless
 * STANDIN_REQUIRE_BROWSER=1 (as in CI), where a missing browser fails the run.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { listenOnLoopback } from '../helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.STANDIN_REQUIRE_BROWSER === '1';
const available = existsSync(CHROMIUM);
if (!available && !required) {
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}
const outDir = fileURLToPath(new URL('../../test-output/', import.meta.url));

describe.skipIf(!available && !required)('playground page in Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await buildServer({ config: loadConfig({ LOG_LEVEL: 'silent' }) });
    base = await listenOnLoopback(app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await mkdir(outDir, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function naturalSize(page: Page): Promise<string> {
    await page.waitForFunction(() => {
      const img = document.getElementById('preview') as HTMLImageElement | null;
      return (
        img?.complete === true &&
        img.naturalWidth > 0 &&
        img.getAttribute('src') ===
          new URL((document.getElementById('url') as HTMLInputElement).value).pathname +
            new URL((document.getElementById('url') as HTMLInputElement).value).search
      );
    });
    return page.$eval(
      '#preview',
      (img) =>
        `${(img as HTMLImageElement).naturalWidth}x${(img as HTMLImageElement).naturalHeight}`,
    );
  }

  it('builds the URL and previews the image as inputs change', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    expect(await naturalSize(page)).toBe('600x400');

    await page.fill('#width', '320');
    await page.fill('#height', '180');
    await page.selectOption('#format', 'png');
    await page.selectOption('#scale', '2');
    await page.fill('#bg', '000');
    await page.fill('#fg', 'ffcc00');
    await page.fill('#text', 'Hello\nthere');
    await page.selectOption('#font', 'roboto');

    await expect
      .poll(() => page.inputValue('#url'))
      .toBe(`${base}/320x180@2x/000/ffcc00.png?text=Hello%5Cnthere&font=roboto`);
    expect(await naturalSize(page)).toBe('640x360');
    expect(await page.textContent('#status')).toContain('640 × 360');

    // the image the page shows is the one the URL gives
    const response = await page.request.get(await page.inputValue('#url'));
    expect(response.headers()['content-type']).toBe('image/png');

    // examples and configuration come from the server
    expect(await page.locator('#examples tr').count()).toBeGreaterThan(5);
    expect(await page.textContent('#config')).toContain('4000 px');

    await page.screenshot({ path: `${outDir}/playground.png`, fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('explains a refused size instead of showing a broken image', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    await page.fill('#width', '99999');
    await expect
      .poll(() => page.textContent('#status'))
      .toContain('width must be between 1 and 4000');
    expect(await page.getAttribute('#size-hint', 'class')).toContain('error');
    await page.close();
  }, 60_000);

  it('treats an empty colour as the default, follows colour names, and disables retina for SVG', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    await page.selectOption('#format', 'png');
    await page.fill('#bg', '');
    await page.fill('#fg', '123456');
    const url = await page.inputValue('#url');
    expect(url).not.toContain('//ffffff');
    expect(url).toContain('/dddddd/123456');
    await page.fill('#bg', 'rebeccapurple');
    expect(await page.inputValue('#bg-picker')).toBe('#663399');
    await page.selectOption('#format', 'svg');
    expect(await page.isDisabled('#scale')).toBe(true);
    await page.selectOption('#format', 'webp');
    expect(await page.isDisabled('#scale')).toBe(false);
    await page.close();
  }, 60_000);

  it('fits a phone-width screen and works from the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // every form control has a label
    const unlabelled = await page.$$eval(
      'input, select, textarea',
      (elements) =>
        elements.filter((el) => {
          const id = el.getAttribute('id');
          return (
            !el.getAttribute('aria-label') && !(id && document.querySelector(`label[for="${id}"]`))
          );
        }).length,
    );
    expect(unlabelled).toBe(0);
    await page.focus('#width');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.inputValue('#url')).toContain('/601x400');
    await page.screenshot({ path: `${outDir}/playground-phone.png` });
    await page.close();
  }, 60_000);
});
