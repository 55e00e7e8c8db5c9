/**
 * The JPEG writer for two-colour pictures (encode/jpeg.ts), decoded by libjpeg (through
 * sharp): the right size and components, the picture within JPEG's loss of the exact palette
 * picture, odd sizes, translucency shown over white, and bytes no larger than libvips' at the
 * same quality.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { expandIndexed } from '../../src/encode/indexed.js';
import { encodeIndexedJpeg, JPEG_QUALITY } from '../../src/encode/jpeg.js';
import { renderIndexed } from '../../src/render/coverage.js';
import { parseRequest } from '../../src/spec/parse.js';
import { layoutSpec } from '../../src/text/index.js';

const indexed = (url: string) => {
  const [path = '', query = ''] = url.split('?');
  const spec = parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);
  return renderIndexed(spec, layoutSpec(spec));
};

/** Decoded RGB (greyscale expanded), and the component count the file declares. */
async function decodeJpeg(body: Buffer) {
  const meta = await sharp(body).metadata();
  const { data, info } = await sharp(body)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { meta, data, width: info.width, height: info.height, channels: info.channels };
}

/** The exact picture, RGB. */
function exact(url: string): Uint8Array {
  const image = expandIndexed(indexed(url));
  expect(image.channels).toBe(3);
  return image.data;
}

describe('JPEG of a two-colour picture', () => {
  it.each([
    ['/600x400.jpg', 1],
    ['/600x400/ff0000/ffffff.jpg?text=Hello', 3],
    ['/800x200/003366/ffcc00.jpg?text=Colour+text', 3],
    ['/1200x630/eee/333.jpg?text=Open+Graph', 1],
  ])(
    '%s decodes to the picture, within JPEG quality 90 (%d components)',
    async (url, components) => {
      const decoded = await decodeJpeg(encodeIndexedJpeg(indexed(url)));
      expect(decoded.meta.format).toBe('jpeg');
      expect(decoded.meta.channels).toBe(components);
      const want = exact(url);
      expect(decoded.data.length).toBe(want.length);
      let total = 0;
      let worst = 0;
      for (let i = 0; i < want.length; i++) {
        const d = Math.abs((decoded.data[i] ?? 0) - (want[i] ?? 0));
        total += d;
        worst = Math.max(worst, d);
      }
      // Background blocks are exact but for rounding; edges of text ring a little, as JPEG does.
      expect(total / want.length).toBeLessThan(1.5);
      expect(worst).toBeLessThan(120);
      // A corner, far from the text: the background colour.
      const bg = exact(url).subarray(0, 3);
      for (let c = 0; c < 3; c++) {
        expect(Math.abs((decoded.data[c] ?? 0) - (bg[c] ?? 0))).toBeLessThanOrEqual(1);
      }
    },
  );

  it.each([
    '/1x1.jpg',
    '/13x7.jpg',
    '/9x9.jpg?text=W',
    '/4000x10.jpg?text=wide',
    '/10x300.jpg?text=t',
  ])('%s: any size, the edge blocks padded', async (url) => {
    const image = indexed(url);
    const decoded = await decodeJpeg(encodeIndexedJpeg(image));
    expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
  });

  it('shows translucent colours over white, as a page shows them', async () => {
    const decoded = await decodeJpeg(
      encodeIndexedJpeg(indexed('/300x200/transparent/000.jpg?text=Hi')),
    );
    expect([...decoded.data.subarray(0, 3)].every((v) => v >= 254)).toBe(true);
    const half = await decodeJpeg(encodeIndexedJpeg(indexed('/300x200/ff000080/000.jpg?text=Hi')));
    // Red at half opacity over white: (255, 128, 128).
    expect(Math.abs((half.data[0] ?? 0) - 255)).toBeLessThanOrEqual(2);
    expect(Math.abs((half.data[1] ?? 0) - 128)).toBeLessThanOrEqual(2);
  });

  it('is the same bytes every time, and no larger than libvips at the same quality', async () => {
    for (const url of ['/600x400.jpg', '/600x400/ff0000/ffffff.jpg?text=Hello', '/2000x1000.jpg']) {
      const image = indexed(url);
      const ours = encodeIndexedJpeg(image);
      expect(encodeIndexedJpeg(image).equals(ours)).toBe(true);
      const raw = expandIndexed(image);
      const grey = image.palette.every((c) => c.r === c.g && c.g === c.b);
      const theirs = await sharp(raw.data, {
        raw: { width: raw.width, height: raw.height, channels: raw.channels as 3 },
      })
        .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: grey ? '4:2:0' : '4:4:4' })
        .toBuffer();
      expect(ours.length, url).toBeLessThanOrEqual(theirs.length);
    }
  });

  it('codes many different coefficients (long Huffman codes) correctly', async () => {
    const url = `/2000x2000/123456/fedcba.jpg?text=${encodeURIComponent('The quick brown fox jumps over the lazy dog 0123456789 '.repeat(9))}`;
    const decoded = await decodeJpeg(encodeIndexedJpeg(indexed(url)));
    const want = exact(url);
    let total = 0;
    for (let i = 0; i < want.length; i++)
      total += Math.abs((decoded.data[i] ?? 0) - (want[i] ?? 0));
    expect(total / want.length).toBeLessThan(3);
  });
});
