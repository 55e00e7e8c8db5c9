/**
 * No tofu: every sample is drawn by bundled faces only. This machine has system fonts (DejaVu)
 * that Skia would quietly fall back to, so the proof does not look at pixels alone: it asks
 * the bundled faces' cmap tables which face has each grapheme, then checks that the glyph
 * drawn from that face alone has ink that is not the face's missing-glyph (.notdef) box.
 */
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { renderImage } from '../../src/pipeline/index.js';
import { parseRequest } from '../../src/spec/parse.js';
import { ensureFace, type Face, faceCoverage, familyList } from '../../src/text/fonts.js';
import { REPLACEMENT, selectFaces } from '../../src/text/scripts.js';
import { decodePng, differingShare, inkBox, type Pixels } from '../helpers.js';
import { SCRIPT_SAMPLES } from './samples.js';

const SIZE = 48;

/** One grapheme drawn black on white with `face` alone, on a canvas two em wide. */
function glyph(text: string, face: Face): Pixels {
  ensureFace(face);
  const canvas = createCanvas(SIZE * 2, SIZE * 2);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, SIZE * 2, SIZE * 2);
  ctx.fillStyle = '#000';
  ctx.font = `${SIZE}px ${familyList([face])}`;
  ctx.textAlign = 'center';
  ctx.fillText(text, SIZE, SIZE * 1.4);
  return decodePng(canvas.toBuffer('image/png'));
}

/** A code point no font has, in Unicode's last private-use plane: the face's .notdef glyph. */
const MISSING = '\u{10FFFD}';
const WHITE = [255, 255, 255, 255] as const;

async function png(text: string): Promise<Pixels> {
  const spec = parseRequest('/400x160/png', new URLSearchParams({ text }), DEFAULT_LIMITS);
  return decodePng((await renderImage(spec)).body);
}

describe('no tofu', () => {
  it.each(SCRIPT_SAMPLES)(
    'draws every grapheme of $name with a bundled face',
    ({ text, other }) => {
      for (const sample of [text, other]) {
        const selection = selectFaces('lato', sample);
        expect(selection.text).toBe(sample);
        expect(selection.text).not.toContain(REPLACEMENT);
        const graphemes = [...new Intl.Segmenter().segment(sample)].map((g) => g.segment);
        for (const g of graphemes.filter((g) => g.trim() !== '')) {
          const face = selection.byGrapheme.get(g);
          expect(face, `a bundled face for ${g}`).toBeDefined();
          if (!face) continue;
          const coverage = faceCoverage(face);
          for (const char of g.replace(/[\u200d\ufe0f]/g, '')) {
            expect(coverage.has(char.codePointAt(0) ?? 0), `${face} has ${char}`).toBe(true);
          }
        }
      }
    },
  );

  it.each(SCRIPT_SAMPLES)('draws real glyphs, not the missing-glyph box, for $name', ({ text }) => {
    const selection = selectFaces('lato', text);
    for (const [g, face] of selection.byGrapheme) {
      if (g.trim() === '') continue;
      const drawn = glyph(g, face);
      const notdef = glyph(MISSING, face);
      expect(inkBox(drawn, WHITE), `ink for ${g}`).toBeDefined();
      expect(differingShare(drawn, notdef), `${g} in ${face} is not .notdef`).toBeGreaterThan(
        0.005,
      );
    }
  });

  it.each(SCRIPT_SAMPLES)(
    'draws two different $name texts as two different pictures',
    async ({ text, other }) => {
      const a = await png(text);
      const b = await png(other);
      expect(differingShare(a, b)).toBeGreaterThan(0.01);
    },
  );

  it('replaces a grapheme no bundled face has rather than asking the system', () => {
    // Cherokee: no bundled face has it (Ethiopic, which this test used, now has one).
    const selection = selectFaces('lato', 'ᏣᎳᎩ ok');
    expect(selection.text).toBe(`${REPLACEMENT.repeat(3)} ok`);
    expect(selection.faces.has('noto-sans')).toBe(true);
  });
});
