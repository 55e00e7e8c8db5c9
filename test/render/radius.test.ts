/** Rounded corners (`?radius=`): transparent outside them where the format has alpha. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse, render } from '../../src/index.js';
import { decodePng, pixel } from '../helpers.js';

describe('radius', () => {
  it('rounds the corners of a PNG: transparent outside, background inside', async () => {
    const image = decodePng((await render('/200x100/ff0000/fff.png?radius=30')).body);
    expect([image.width, image.height]).toEqual([200, 100]);
    expect(pixel(image, 0, 0)[3]).toBe(0);
    expect(pixel(image, 199, 99)[3]).toBe(0);
    expect(pixel(image, 100, 2)).toEqual([255, 0, 0, 255]);
    expect(pixel(image, 30, 30)).toEqual([255, 0, 0, 255]);
  });

  it('reads fakeimg.pl URLs too, and caps at half the shorter side', () => {
    expect(parse('/300x200/?radius=20').radius).toBe(20);
    expect(parse('/300x200?radius=999').radius).toBe(100);
    expect(parse('/300x200?radius=0').radius).toBeUndefined();
    expect(() => parse('/300x200?radius=round')).toThrow(/radius/);
  });

  it('draws SVG corners as a path, and JPEG corners white', async () => {
    const svg = (await render('/200x100/00f/fff?radius=20')).body.toString();
    // the background is a path with curved (quadratic) corners, not a rectangle
    expect(svg).toMatch(/<path fill="blue" d="M20 0L180 0Q/);
    const jpeg = await sharp((await render('/200x100/0000ff/fff.jpg?radius=30')).body)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...jpeg.data.subarray(0, 3)].every((v) => v > 240)).toBe(true);
  });

  it("rounds single corners with fakeimg.pl's radius_tl, radius_tr, radius_br, radius_bl", async () => {
    expect(parse('/300x200/?radius_tl=20&radius_br=300').radius).toEqual([20, 0, 100, 0]);
    // When any corner is named, the corners decide (fakeimg.pl's code), unnamed ones square.
    expect(parse('/300x200/?radius=50&radius_tr=10').radius).toEqual([0, 10, 0, 0]);
    expect(parse('/300x200/?radius_tl=0').radius).toBeUndefined();
    expect(() => parse('/300x200/?radius_bl=big')).toThrow(/radius_bl/);
    // No warning for parameters fakeimg.pl reads.
    expect(parse('/300x200/?radius_tl=20').warnings).toBeUndefined();
    const image = decodePng((await render('/200x100/ff0000/?radius_tl=30&radius_br=30')).body);
    expect(pixel(image, 0, 0)[3]).toBe(0); // top-left: rounded
    expect(pixel(image, 199, 0)).toEqual([255, 0, 0, 255]); // top-right: square
    expect(pixel(image, 199, 99)[3]).toBe(0); // bottom-right: rounded
    expect(pixel(image, 0, 99)).toEqual([255, 0, 0, 255]); // bottom-left: square
    expect((await render('/200x100/?radius_tl=30')).etag).not.toBe(
      (await render('/200x100/?radius_tr=30')).etag,
    );
  });

  it('is part of the cache key', async () => {
    const a = await render('/120x80.png?radius=10');
    const b = await render('/120x80.png');
    expect(a.etag).not.toBe(b.etag);
  });
});
