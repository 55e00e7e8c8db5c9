import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { renderImage } from '../../src/pipeline/index.js';
import { parseRequest } from '../../src/spec/parse.js';
import type { ImageSpec } from '../../src/spec/types.js';
import {
  colourDistance,
  decode,
  decodePng,
  differingShare,
  inkBox,
  type Pixels,
  pixel,
  type Rgba,
} from '../helpers.js';

function spec(url: string): ImageSpec {
  const [path = '', query = ''] = url.split('?');
  return parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
}

async function png(url: string): Promise<Pixels> {
  const image = await renderImage(spec(url));
  expect(image.contentType).toBe('image/png');
  return decodePng(image.body);
}

const GREY: Rgba = [0xdd, 0xdd, 0xdd, 255];
const TEXT_GREY: Rgba = [0x99, 0x99, 0x99, 255];

describe('renderImage', () => {
  it('draws the default placeholder: grey background, darker centred text', async () => {
    const image = await png('/600x400.png');
    expect([image.width, image.height]).toEqual([600, 400]);
    expect(pixel(image, 0, 0)).toEqual(GREY);
    expect(pixel(image, 599, 399)).toEqual(GREY);
    const ink = inkBox(image, GREY);
    expect(ink).toBeDefined();
    if (!ink) return;
    // text is centred within a couple of pixels, and its darkest pixels are the text colour
    expect(Math.abs((ink.left + ink.right) / 2 - 300)).toBeLessThan(3);
    expect(Math.abs((ink.top + ink.bottom) / 2 - 200)).toBeLessThan(3);
    // comfortably large: more than a third of the width, inside the padding
    expect(ink.right - ink.left).toBeGreaterThan(200);
    expect(ink.left).toBeGreaterThanOrEqual(60);
    let darkest = 255;
    for (let i = 0; i < image.data.length; i += 4)
      darkest = Math.min(darkest, image.data[i] ?? 255);
    expect(darkest).toBe(TEXT_GREY[0]);
  });

  it('uses the colours of the URL', async () => {
    const image = await png('/200x100/000/ff0000.png?text=Hi');
    expect(pixel(image, 5, 5)).toEqual([0, 0, 0, 255]);
    const ink = inkBox(image, [0, 0, 0, 255]);
    expect(ink).toBeDefined();
    let reddest: Rgba = [0, 0, 0, 0];
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const p = pixel(image, x, y);
        if (p[0] > reddest[0]) reddest = p;
      }
    }
    expect(reddest).toEqual([255, 0, 0, 255]);
  });

  it('keeps a transparent background transparent in PNG', async () => {
    const image = await png('/100/transparent/000.png?text=x');
    expect(pixel(image, 0, 0)[3]).toBe(0);
    const ink = inkBox(image, [0, 0, 0, 0], 100);
    expect(ink).toBeDefined();
  });

  it('draws different text differently, and different fonts differently', async () => {
    const a = await png('/300x100.png?text=Hello');
    const b = await png('/300x100.png?text=World');
    const c = await png('/300x100.png?text=Hello&font=playfair-display');
    // a fifth of the text's pixels or more change, well beyond anti-aliasing noise
    const inkShare = (inkBox(a, GREY)?.count ?? 0) / (a.width * a.height);
    expect(differingShare(a, b)).toBeGreaterThan(inkShare / 5);
    expect(differingShare(a, c)).toBeGreaterThan(inkShare / 5);
  });

  it('draws every bundled font', async () => {
    const images = await Promise.all(
      ['lato', 'lora', 'montserrat', 'noto-sans', 'open-sans', 'oswald', 'playfair-display']
        .concat(['poppins', 'pt-sans', 'raleway', 'roboto', 'source-sans-pro'])
        .map((font) => png(`/300x100.png?text=Quick+Fox&font=${font}`)),
    );
    for (const image of images) expect(inkBox(image, GREY)?.count ?? 0).toBeGreaterThan(200);
    for (let i = 1; i < images.length; i++) {
      const [a, b] = [images[i - 1], images[i]];
      if (a && b) expect(differingShare(a, b)).toBeGreaterThan(0.001);
    }
  });

  it('draws Han characters in the forms of ?lang=', async () => {
    // 直 and 骨 are drawn differently in Japanese and Simplified Chinese
    const ja = await png('/200x100.png?text=%E7%9B%B4%E9%AA%A8&lang=ja');
    const zh = await png('/200x100.png?text=%E7%9B%B4%E9%AA%A8&lang=zh-Hans');
    expect(differingShare(ja, zh)).toBeGreaterThan(0.001);
  });

  it('multiplies output pixels for retina and draws the same picture', async () => {
    const one = await png('/300x200.png');
    const two = await png('/300x200@2x.png');
    const three = await png('/300x200@3x.png');
    expect([two.width, two.height]).toEqual([600, 400]);
    expect([three.width, three.height]).toEqual([900, 600]);
    const a = inkBox(one, GREY);
    const b = inkBox(two, GREY);
    expect(a && b).toBeTruthy();
    if (a && b) {
      expect(Math.abs(b.left - 2 * a.left)).toBeLessThanOrEqual(3);
      expect(Math.abs(b.right - 2 * a.right)).toBeLessThanOrEqual(3);
    }
  });

  it.each([
    ['png', 'png'],
    ['jpeg', 'jpeg'],
    ['jpg', 'jpeg'],
    ['gif', 'gif'],
    ['webp', 'webp'],
    ['avif', 'heif'],
  ])('encodes %s with the right size and colours', async (ext, sharpFormat) => {
    const image = await renderImage(spec(`/320x240/0000ff/ffff00.${ext}?text=Hi`));
    const meta = await sharp(image.body).metadata();
    expect(meta.format).toBe(sharpFormat);
    expect([meta.width, meta.height]).toEqual([320, 240]);
    const pixels = await decode(image.body);
    // lossy formats may shift a flat colour by a few levels
    expect(colourDistance(pixel(pixels, 3, 3), [0, 0, 255, 255])).toBeLessThan(12);
    expect(inkBox(pixels, [0, 0, 255, 255], 60)).toBeDefined();
  });

  it('flattens a transparent background onto white in JPEG', async () => {
    const image = await renderImage(spec('/100/transparent.jpg'));
    const pixels = await decode(image.body);
    expect(colourDistance(pixel(pixels, 1, 1), [255, 255, 255, 255])).toBeLessThan(4);
  });

  it('gives the same bytes for the same spec, in every format', async () => {
    for (const ext of ['svg', 'png', 'jpg', 'gif', 'webp', 'avif']) {
      const a = await renderImage(spec(`/200x100.${ext}?text=Same`));
      const b = await renderImage(spec(`/200x100.${ext}?text=Same`));
      expect(a.etag).toBe(b.etag);
      expect(Buffer.compare(a.body, b.body)).toBe(0);
    }
  });
});

describe('SVG output', () => {
  it('is a sized, scalable SVG with text drawn as outlines', async () => {
    const image = await renderImage(spec('/600x400?text=Hello'));
    const svg = image.body.toString('utf8');
    expect(image.contentType).toBe('image/svg+xml');
    expect(svg).toContain('width="600" height="400" viewBox="0 0 600 400"');
    expect(svg).toContain('<path');
    expect(svg).not.toContain('Hello');
    expect(svg).not.toContain('<text');
    expect(image.body.length).toBeLessThan(8000);
  });

  it('never lets markup from the URL into the document', async () => {
    const attack = encodeURIComponent('</svg><script>alert(1)</script><foreignObject>&amp;"\'');
    const svg = (await renderImage(spec(`/600x400?text=${attack}`))).body.toString('utf8');
    expect(svg).not.toMatch(/script|foreignObject|alert|&amp;/);
    expect(svg.match(/<svg/g)).toHaveLength(1);
  });

  it('shows the same picture as the PNG', async () => {
    for (const url of ['/600x400', '/300x300/000/fff?text=Two\\nlines&font=oswald']) {
      const raster = decodePng(
        (await renderImage(spec(url.includes('?') ? url.replace('?', '.png?') : `${url}.png`)))
          .body,
      );
      const fromSvg = await decode((await renderImage(spec(url))).body);
      expect([fromSvg.width, fromSvg.height]).toEqual([raster.width, raster.height]);
      const bg = pixel(raster, 0, 0);
      const a = inkBox(raster, bg);
      const b = inkBox(fromSvg, bg);
      expect(a && b).toBeTruthy();
      if (a && b) {
        for (const side of ['left', 'top', 'right', 'bottom'] as const) {
          expect(Math.abs(a[side] - b[side])).toBeLessThanOrEqual(1);
        }
      }
      // Skia and librsvg anti-alias edges a little differently; the shapes are the same
      const inkShare = a ? a.count / (raster.width * raster.height) : 0;
      expect(differingShare(raster, fromSvg, 64)).toBeLessThan(inkShare / 4);
    }
  });
});
