/**
 * SVG composed from cached glyph outlines (render/svg-fast.ts) must be the picture Skia's SVG
 * canvas draws: for every face and a set of texts, both documents are rasterised by librsvg and
 * compared; what it cannot compose (ligatures, contextual faces, emoji, scripts that shape,
 * rounded corners) goes to Skia.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { renderImage } from '../../src/pipeline/index.js';
import { renderSvg } from '../../src/render/draw.js';
import { canComposeSvg, composeSvg, svgNumber } from '../../src/render/svg-fast.js';
import { parseRequest } from '../../src/spec/parse.js';
import { FONTS } from '../../src/spec/types.js';
import { layoutSpec } from '../../src/text/index.js';

const spec = (path: string, query: Record<string, string> = {}) =>
  parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);

const TEXTS = ['600 × 400', 'Hello World', 'No Image Available', 'AVATAR Wave, Typo', 'Àéîõü ñ ß'];

describe('svgNumber', () => {
  it('writes what String(Math.round(n * 100) / 100) writes', () => {
    const values = [
      0, -0, 0.001, -0.004, -0.005, 0.005, 1, -1, 0.1, 0.25, 1.5, 10.05, 99.999, 1234.567,
    ];
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      values.push((seed / 2 ** 32 - 0.5) * 2 ** ((i % 20) - 4));
    }
    for (const n of values) expect(svgNumber(n), String(n)).toBe(String(Math.round(n * 100) / 100));
  });
});

describe('composed SVG', () => {
  it.each(FONTS.filter((f) => f !== 'inter' && f !== 'lobster'))(
    'draws what Skia draws, in %s',
    async (font) => {
      for (const text of TEXTS) {
        const s = spec('/480x160/123456/fedcba', { text, font });
        const layout = layoutSpec(s);
        if (!canComposeSvg(s, layout)) continue;
        const [a, b] = await Promise.all([
          sharp(renderSvg(s, layout)).raw().toBuffer(),
          sharp(composeSvg(s, layout)).raw().toBuffer(),
        ]);
        let differing = 0;
        for (let i = 0; i < a.length; i++)
          if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > 32) differing++;
        expect(differing, `${font}: ${text}`).toBeLessThan(20);
      }
    },
  );

  it('covers the default text in the default face', () => {
    const s = spec('/600x400');
    expect(canComposeSvg(s, layoutSpec(s))).toBe(true);
  });

  it.each([
    ['a ligature', '/480x160', { text: 'office' }],
    ['a face with contextual forms', '/480x160', { text: '1x1', font: 'inter' }],
    ['colour emoji', '/480x160', { text: 'Hi 👋' }],
    ['a script that shapes', '/480x160', { text: 'مرحبا' }],
    ['rounded corners', '/480x160', { radius: '20' }],
  ])('leaves %s to Skia', (_name, path, query) => {
    const s = spec(path, query);
    expect(canComposeSvg(s, layoutSpec(s))).toBe(false);
  });

  it('is a document of outlines, the same bytes every time, with the text nowhere in it', async () => {
    const s = spec('/600x400/000/fff', { text: 'Secret Words' });
    const a = (await renderImage(s)).body.toString();
    const b = (await renderImage(s)).body.toString();
    expect(a).toBe(b);
    expect(a).toMatch(/^<\?xml[^>]*\?>\n<svg [^>]*viewBox="0 0 600 400">/);
    expect(a).not.toContain('Secret');
    expect(a).not.toContain('<text');
    expect(a).toContain('<rect fill="#000000" width="600" height="400"/>');
  });

  it('writes a translucent colour as fill-opacity', () => {
    const s = spec('/200x100/ff000080/0000ff', { text: 'Hi' });
    const svg = composeSvg(s, layoutSpec(s)).toString();
    expect(svg).toContain('fill="#FF0000" fill-opacity="0.5"');
  });
});
