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
            !el.getAttribute('aria-label') &&
            !el.closest('label') &&
            !(id && document.querySelector(`label[for="${id}"]`))
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

  /** WCAG 2 contrast ratio of two CSS colours (rgb()/rgba() as computed styles give them). */
  function contrast(a: string, b: string): number {
    const channels = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (css: string) => {
      const [r = 0, g = 0, b = 0] = channels(css).map((c) => {
        const v = c / 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
  }

  it.each(['light', 'dark'] as const)(
    'meets WCAG AA contrast in the %s theme',
    async (colorScheme) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme });
      await page.goto(`${base}/`);
      await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
      await page.fill('#width', '99999'); // show the error colour too
      await expect.poll(() => page.getAttribute('#size-hint', 'class')).toContain('error');
      const pairs = await page.evaluate(() => {
        const style = (el: Element) => getComputedStyle(el);
        // The colour behind an element: the first ancestor with an opaque background.
        const behind = (el: Element | null): string => {
          for (let e = el; e; e = e.parentElement) {
            const bg = style(e).backgroundColor;
            if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return bg;
          }
          return style(document.body).backgroundColor;
        };
        return ['h1', 'label', '.hint', '#copy', 'a', '#size-hint', 'legend', 'td']
          .map((selector) => document.querySelector(selector))
          .filter((el): el is Element => el !== null)
          .map((el) => ({
            what: el.tagName + (el.id ? `#${el.id}` : ''),
            fg: style(el).color,
            bg: behind(el),
          }));
      });
      expect(pairs.length).toBeGreaterThan(6);
      for (const { what, fg, bg } of pairs) {
        expect(contrast(fg, bg), `${what}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
      await page.fill('#width', '600');
      await page.screenshot({ path: `${outDir}/playground-${colorScheme}.png` });
      await page.close();
    },
    60_000,
  );

  it('copies the image as a URL, HTML, HTML with 2x, Markdown and CSS', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    await page.fill('#width', '320');
    await page.fill('#height', '180');
    await page.selectOption('#format', 'png');
    await page.fill('#text', 'Hero');
    const url = `${base}/320x180.png?text=Hero`;
    await expect.poll(() => page.inputValue('#url')).toBe(url);
    await page.check('input[name=snippet][value=html]');
    expect(await page.inputValue('#url')).toBe(
      `<img src="${url}" width="320" height="180" alt="Hero">`,
    );
    await page.check('input[name=snippet][value=srcset]');
    expect(await page.inputValue('#url')).toBe(
      `<img src="${url}" srcset="${url} 1x, ${base}/320x180@2x.png?text=Hero 2x" width="320" height="180" alt="Hero">`,
    );
    await page.check('input[name=snippet][value=markdown]');
    expect(await page.inputValue('#url')).toBe(`![Hero](${url})`);
    await page.check('input[name=snippet][value=css]');
    expect(await page.inputValue('#url')).toBe(`background-image: url("${url}");`);
    // every snippet's address is an image the server answers
    const twoX = await page.request.get(`${base}/320x180@2x.png?text=Hero`);
    expect(twoX.status()).toBe(200);
    await page.close();
  }, 60_000);

  it('keeps its state in its own address: presets, share, reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    await page.selectOption('#preset', '1200x630');
    await page.selectOption('#format', 'jpeg');
    await page.fill('#bg', 'navy');
    await page.fill('#fg', 'fff');
    await page.selectOption('#font', 'lobster');
    const built = `${base}/1200x630/navy/fff.jpeg?font=lobster`;
    await expect.poll(() => page.inputValue('#url')).toBe(built);
    const shared = page.url();
    expect(shared).toContain('width=1200');
    // A new visitor with the shared address sees the same settings and image.
    const other = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await other.goto(shared);
    await expect.poll(() => other.inputValue('#url')).toBe(built);
    expect(await other.inputValue('#bg')).toBe('navy');
    expect(await naturalSize(other)).toBe('1200x630');
    await other.reload();
    await expect.poll(() => other.inputValue('#url')).toBe(built);
    await other.close();
    await page.close();
  }, 60_000);

  it('shows live examples of every grammar and a sample of every font', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    const grammars = await page.$$eval('#examples tr td:first-child', (tds) =>
      [...new Set(tds.map((td) => td.textContent))].sort(),
    );
    expect(grammars).toEqual(
      [
        'dummyimage.com',
        'fakeimg.pl',
        'placehold.co',
        'ui-avatars.com',
        'via.placeholder.com',
      ].sort(),
    );
    // Lazy images load once scrolled to: every example and font sample is a real image.
    await page.locator('#config').scrollIntoViewIfNeeded();
    for (const selector of ['#examples img', '#fonts img']) {
      await page.evaluate((s) => {
        for (const img of Array.from(document.querySelectorAll<HTMLImageElement>(s)))
          img.loading = 'eager';
      }, selector);
      await expect
        .poll(
          () =>
            page.$$eval(selector, (imgs) =>
              imgs.every(
                (img) =>
                  (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
              ),
            ),
          { timeout: 30_000 },
        )
        .toBe(true);
    }
    const fonts = await page.locator('#fonts button').count();
    expect(fonts).toBe(await page.locator('#font option').count());
    await page.locator('#fonts button[aria-label="Use lobster"]').click();
    expect(await page.inputValue('#font')).toBe('lobster');
    await page.screenshot({ path: `${outDir}/playground-full.png`, fullPage: true });
    await page.close();
  }, 90_000);

  it('shows the preview on the first screen of a 390x844 phone, and copies by keyboard alone', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#format option').count()).toBeGreaterThan(5);
    expect(await naturalSize(page)).toBe('600x400');
    const box = await page.locator('#preview').boundingBox();
    expect(box).not.toBeNull();
    if (!box) return;
    expect(box.y + box.height).toBeLessThan(844);
    expect(box.height).toBeGreaterThan(100);
    await page.screenshot({ path: `${outDir}/playground-phone-390.png` });
    // Keyboard only: Tab from the top reaches the snippet kinds, Copy, and every form control.
    await page.keyboard.press('Tab');
    const order: string[] = [];
    for (let i = 0; i < 30; i++) {
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          return el
            ? `${el.tagName.toLowerCase()}#${el.id || (el as HTMLInputElement).value || ''}`
            : '';
        }),
      );
      await page.keyboard.press('Tab');
    }
    for (const id of [
      '#copy',
      '#preset',
      '#width',
      '#height',
      '#bg',
      '#fg',
      '#format',
      '#text',
      '#font',
    ]) {
      expect(
        order.some((o) => o.endsWith(id)),
        `${id} in ${order.join(' ')}`,
      ).toBe(true);
    }
    await page.focus('#preset');
    await page.keyboard.press('ArrowDown'); // first real preset: 1200 × 630
    await expect.poll(() => page.inputValue('#url')).toContain('/1200x630');
    await page.focus('#copy');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#copy-status')).toMatch(/Copied|Ctrl\+C/);
    await page.close();
  }, 60_000);
});
