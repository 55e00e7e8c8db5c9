/** Colour glyphs (emoji, flags): drawn from the font's own colours, and the costly ones to draw. */

/** Characters that may be drawn by a colour (COLR) glyph. */
const COLOUR_GLYPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

const COLOUR_GLYPHS = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/gu;

/** Does `text` hold any character that may be drawn by a colour glyph? */
export function hasColourGlyphs(text: string): boolean {
  return COLOUR_GLYPH.test(text);
}

/** How many characters of `text` may be drawn by colour glyphs (a flag counts twice). */
export function countColourGlyphs(text: string): number {
  return text.match(COLOUR_GLYPHS)?.length ?? 0;
}
