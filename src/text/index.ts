/**
 * The text engine's face: a spec's text in, positioned lines and the font to draw them with
 * out. The faces the text needs are registered here, before anything is measured or drawn.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { FontName, ImageSpec } from '../spec/types.js';
import { fontFamilies, fontWeight } from './fonts.js';
import { type LineLayout, layoutText } from './layout.js';
import { SHAPING_LANG, skiaMeasurer } from './measure.js';
import { selectFaces } from './scripts.js';

export type { PositionedLine } from './layout.js';

/** Lines positioned in CSS pixels (retina scaling is applied when drawing), and their font. */
export interface TextLayout extends LineLayout {
  /**
   * The CSS font shorthand to draw every line with: the size, then exactly the bundled faces
   * this text needs, in fallback order (all of them registered).
   */
  readonly font: string;
}

/**
 * Lay out a spec's text. `lang` (a BCP 47 tag) chooses the Han glyph forms when given;
 * otherwise they are guessed from the text (see scripts.ts).
 */
export function layoutSpec(spec: ImageSpec, lang?: string): TextLayout {
  const { text, family, weight } = prepareFaces(spec.font, spec.text, lang ?? spec.lang);
  const layout = layoutText(text, spec, skiaMeasurer(family, weight));
  return { ...layout, font: `${weight}${layout.fontSize}px ${family}` };
}

/**
 * The faces `text` needs in `font` (and `lang`'s Han forms), registered, as a CSS family list in
 * fallback order (only the slices of each face that the text uses); the weight to draw at
 * (`bold ` or nothing); and the text as it is to be drawn (see selectFaces).
 */
export function prepareFaces(
  font: FontName,
  text: string,
  lang?: string,
): { text: string; family: string; weight: string } {
  const selection = selectFaces(font, text, lang);
  const family = fontFamilies(
    selection.chain.filter((face) => selection.faces.has(face)),
    selection.text,
  );
  return { text: selection.text, family, weight: fontWeight(font) };
}

/** Set up `ctx` to draw a layout's lines: its font, centred, on the alphabetic baseline. */
export function applyTextStyle(ctx: SKRSContext2D, layout: TextLayout): void {
  ctx.font = layout.font;
  ctx.lang = SHAPING_LANG;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
}
