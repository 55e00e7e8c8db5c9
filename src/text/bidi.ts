/** Text direction, for laying out right-to-left paragraphs. Pure. */

// JavaScript has no Bidi_Class property: letters of the right-to-left scripts (and RLM) stand
// for the strong RTL class, every other letter (and LRM) for the strong LTR class.
const RTL_LETTER =
  /[\u200F\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const LETTER = /[\u200E\p{L}]/u;

/** A paragraph's direction from its first strong character (Unicode bidi rules P2 and P3). */
export function paragraphDirection(paragraph: string): 'ltr' | 'rtl' {
  for (const char of paragraph) {
    if (RTL_LETTER.test(char) && (char === '\u200F' || /\p{L}/u.test(char))) return 'rtl';
    if (LETTER.test(char)) return 'ltr';
  }
  return 'ltr';
}
