/** JPEG chroma: 4:4:4 keeps coloured text sharp; a grey picture halves its (empty) colour planes. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { decode, pixel } from '../helpers.js';

describe('JPEG', () => {
  it('halves the colour planes of a grey picture, and loses nothing by it', async () => {
    const grey = await render('/600x400/dddddd/999999.jpg?text=Grey');
    expect((await sharp(grey.body).metadata()).chromaSubsampling).toBe('4:2:0');
    const pixels = await decode(grey.body);
    const [r, g, b] = pixel(pixels, 5, 5);
    expect(Math.abs(r - 0xdd) + Math.abs(g - 0xdd) + Math.abs(b - 0xdd)).toBeLessThan(6);
    // Every pixel stays grey: no colour fringes.
    let worst = 0;
    for (let i = 0; i < pixels.data.length; i += 4) {
      const [pr = 0, pg = 0, pb = 0] = pixels.data.subarray(i, i + 3);
      worst = Math.max(worst, Math.abs(pr - pg), Math.abs(pg - pb));
    }
    expect(worst).toBeLessThanOrEqual(3);
  });

  it('keeps full colour resolution when the picture has colour', async () => {
    const red = await render('/600x400/ff0000/ffffff.jpg?text=Red');
    expect((await sharp(red.body).metadata()).chromaSubsampling).toBe('4:4:4');
    const emoji = await render('/600x400/dddddd/999999.jpg?text=Hi+%F0%9F%8E%89');
    expect((await sharp(emoji.body).metadata()).chromaSubsampling).toBe('4:4:4');
  });
});
