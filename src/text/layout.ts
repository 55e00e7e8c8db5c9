/**
 * Text layout: split into lines, wrap to the box, choose the font size, centre the block.
 * Pure: measurement comes in through a Measurer, so this file knows nothing of Skia.
 *
 * Widths are measured once per piece at unit size and scaled linearly (Skia positions glyphs
 * at subpixel precision, so advance widths scale with the size); the final lines are checked
 * again at the chosen size by the caller's measurer.
 */
import { paragraphDirection } from './bidi.js';

export interface Measurer {
  /** Advance width of `text` in em (its width at a font size of 1 px). */
  width(text: string): number;
  /** Ink above and below the baseline of `text`, in em; zero for blank text. */
  ink(text: string): { ascent: number; descent: number };
  /** The font's ascent and descent in em, for spacing lines. */
  readonly ascent: number;
  readonly descent: number;
}

export interface PositionedLine {
  /**
   * The line as it is to be drawn. A line of a right-to-left paragraph is wrapped in a
   * right-to-left isolate (U+2067 ... U+2069), so that any canvas lays it out right to left,
   * numbers and Latin words in it included, whatever its own `direction` setting.
   */
  readonly text: string;
  /** Horizontal centre of the line, in CSS pixels. */
  readonly x: number;
  /** Baseline, in CSS pixels. */
  readonly y: number;
}

export interface LineLayout {
  readonly fontSize: number;
  readonly lines: readonly PositionedLine[];
}

export interface Box {
  readonly width: number;
  readonly height: number;
  /** A fixed font size in pixels (the URL's `font-size`); absent: the largest that fits. */
  readonly fontSize?: number;
  /** The largest size fitting may choose, in pixels; absent: a fifth of the shorter side. */
  readonly maxFontSize?: number;
  /** Distance between baselines in em (the URL's `line-height`); absent: 1.2. */
  readonly lineHeight?: number;
  /** Free space on each side in pixels; absent: a tenth of the width and of the height. */
  readonly padding?: number;
}

/** Distance between baselines, in em, unless the box says otherwise. */
export const LINE_HEIGHT = 1.2;
/** Free space kept on each side, as a fraction of the image's width and height. */
const PADDING = 0.1;
/** The largest text is a fifth of the shorter side: big enough to read, small enough to look calm. */
const MAX_SIZE_FRACTION = 0.2;
/** Below this the text is unreadable anyway; it is then cut with an ellipsis rather than shrunk. */
const MIN_SIZE_PX = 6;
const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** ICU's word boundaries: dictionary-based for Thai, Lao, Khmer and Burmese. */
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

// Scripts written without spaces between words: lines break between the words of ICU's
// dictionaries (Chinese and Japanese phrases, as in CSS `word-break: auto-phrase`, read better
// than breaks between any two characters; a word wider than the line is still split).
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
// No line starts with closing punctuation, small kana and the like, nor ends with an opening
// bracket (the basic line-breaking rules of JIS X 4051 and CLREQ, "kinsoku").
const NO_BREAK_BEFORE =
  /^[)\]}»›’”,.:;!?%‰、。，．：；！？％）］｝〕〉》」』】〙〗〟｠…‥ー゛゜ゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ・｡｣､･\u0E2F\u0E46]/u;
const NO_BREAK_AFTER = /[([{«‹‘“〔〈《「『【〘〖〝｟（［｛]$/u;

/** Split one space-free word of a no-space script into units a line may break between. */
function splitWord(word: string): string[] {
  const units: string[] = [];
  for (const { segment } of words.segment(word)) {
    const previous = units.at(-1);
    if (
      previous !== undefined &&
      (NO_BREAK_BEFORE.test(segment) || NO_BREAK_AFTER.test(previous))
    ) {
      units[units.length - 1] = previous + segment;
    } else {
      units.push(segment);
    }
  }
  return units;
}

/**
 * The smallest units a line may break between: words with their trailing spaces, and in
 * scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) dictionary
 * words, with punctuation kept on the right side of a break.
 */
export function breakUnits(paragraph: string): string[] {
  const units: string[] = [];
  for (const word of paragraph.match(/\S+\s*|\s+/g) ?? []) {
    if (!NO_SPACE_SCRIPT.test(word)) {
      units.push(word);
      continue;
    }
    const inked = word.trimEnd();
    const pieces = splitWord(inked);
    pieces[pieces.length - 1] += word.slice(inked.length);
    units.push(...pieces);
  }
  return units;
}

/** Break a unit wider than the line into pieces of whole characters that fit. */
function splitLong(unit: string, maxEm: number, measure: Measurer): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of graphemes.segment(unit)) {
    if (piece !== '' && measure.width(piece + segment) > maxEm) {
      pieces.push(piece);
      piece = segment;
    } else {
      piece += segment;
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Greedy line breaking of one paragraph to a width in em. A line's width is the sum of its
 * units' widths (each measured once, cached by the measurer); trailing spaces do not count.
 */
export function wrapParagraph(paragraph: string, maxEm: number, measure: Measurer): string[] {
  return wrapUnits(breakUnits(paragraph), maxEm, measure).map((line) => line.text);
}

/** A line of wrapped text and its width in em (trailing spaces not counted). */
interface Wrapped {
  readonly text: string;
  readonly width: number;
}

/** wrapParagraph for a paragraph already cut into its break units, with each line's width. */
function wrapUnits(units: readonly string[], maxEm: number, measure: Measurer): Wrapped[] {
  const lines: Wrapped[] = [];
  let line = '';
  let lineWidth = 0; // width of `line` including its trailing spaces
  let inkedWidth = 0; // ...and without them
  const end = () => {
    lines.push({ text: line.trimEnd(), width: inkedWidth });
    line = '';
    lineWidth = 0;
    inkedWidth = 0;
  };
  for (const unit of units) {
    const inked = unit.trimEnd();
    const width = measure.width(inked);
    if (line !== '' && lineWidth + width > maxEm) {
      end();
      if (inked === '') continue; // spaces at a break vanish
    }
    if (width > maxEm) {
      const pieces = splitLong(inked, maxEm, measure);
      const tail = pieces.pop() ?? '';
      if (line !== '') end();
      for (const piece of pieces) lines.push({ text: piece, width: measure.width(piece) });
      line = tail + unit.slice(inked.length);
      inkedWidth = measure.width(tail);
      lineWidth = measure.width(line);
    } else {
      if (inked !== '') inkedWidth = lineWidth + width;
      line += unit;
      lineWidth += unit === inked ? width : measure.width(unit);
    }
  }
  end();
  return lines;
}

/** A wrapped line, before positioning, with its paragraph's direction. */
interface Line extends Wrapped {
  readonly rtl: boolean;
}

/** A paragraph ready to wrap at any width: its break units and its direction. */
interface Paragraph {
  readonly units: readonly string[];
  readonly rtl: boolean;
}

/** Cut the text into paragraphs once; the size search then wraps them many times. */
function paragraphsOf(text: string): Paragraph[] {
  return text.split('\n').map((paragraph) => ({
    units: breakUnits(paragraph),
    rtl: paragraphDirection(paragraph) === 'rtl',
  }));
}

function wrapAll(paragraphs: readonly Paragraph[], maxEm: number, measure: Measurer): Line[] {
  return paragraphs.flatMap(({ units, rtl }) =>
    wrapUnits(units, maxEm, measure).map((line) => ({ ...line, rtl })),
  );
}

function blockHeightEm(lineCount: number, lineHeight: number, measure: Measurer): number {
  return (lineCount - 1) * lineHeight + measure.ascent + measure.descent;
}

function widestEm(lines: readonly Line[]): number {
  let widest = 0;
  for (const line of lines) widest = Math.max(widest, line.width);
  return widest;
}

/** Cut lines so that they fit `maxLines`, ending the last kept line with an ellipsis. */
function truncate(lines: readonly Line[], maxLines: number, maxEm: number, measure: Measurer) {
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept.at(-1);
  if (kept.length === lines.length || !last) return kept;
  const chars = [...graphemes.segment(last.text)].map((s) => s.segment);
  while (chars.length > 0 && measure.width(chars.join('') + ELLIPSIS) > maxEm) chars.pop();
  const text = chars.join('').trimEnd() + ELLIPSIS;
  kept[kept.length - 1] = { text, width: measure.width(text), rtl: last.rtl };
  return kept;
}

/**
 * Lay out `text` centred in `box`. With a fixed font size, the text is wrapped to the width
 * and cut with an ellipsis if it is too tall. Otherwise the size is the largest between the
 * minimum and a comfortable maximum at which the wrapped text fits inside the padding; if even
 * the minimum does not fit, the text is cut with an ellipsis.
 */
export function layoutText(text: string, box: Box, measure: Measurer): LineLayout {
  if (text.trim() === '') return { fontSize: 0, lines: [] };
  const paragraphs = paragraphsOf(text);
  const lineHeight = box.lineHeight ?? LINE_HEIGHT;
  const maxWidth =
    box.padding === undefined ? box.width * (1 - 2 * PADDING) : box.width - 2 * box.padding;
  const maxHeight =
    box.padding === undefined ? box.height * (1 - 2 * PADDING) : box.height - 2 * box.padding;
  const maxSize = Math.max(
    1,
    box.maxFontSize ?? Math.min(box.width, box.height) * MAX_SIZE_FRACTION,
  );
  const minSize = box.fontSize ?? Math.min(MIN_SIZE_PX, maxSize);

  // A word is broken only when even the smallest size cannot hold it on one line: above the
  // minimum, a size at which some word would have to break does not fit.
  const widestUnit = Math.max(
    0,
    ...paragraphs.flatMap((p) => p.units.map((unit) => measure.width(unit.trimEnd()))),
  );
  const fits = (size: number, breakWords = false): Line[] | undefined => {
    if (!breakWords && widestUnit * size > maxWidth) return undefined;
    const lines = wrapAll(paragraphs, maxWidth / size, measure);
    const tallEnough = blockHeightEm(lines.length, lineHeight, measure) * size <= maxHeight;
    return tallEnough && widestEm(lines) * size <= maxWidth ? lines : undefined;
  };

  let size = minSize;
  let lines = fits(minSize, true);
  if (lines && box.fontSize === undefined) {
    // Binary search on a quarter-pixel grid for the largest size that fits.
    let lo = Math.round(minSize * 4);
    let hi = Math.round(maxSize * 4);
    const atMax = fits(hi / 4);
    if (atMax) {
      lo = hi;
      lines = atMax;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const wrapped = fits(mid / 4);
      if (wrapped) {
        lo = mid;
        lines = wrapped;
      } else {
        hi = mid;
      }
    }
    size = lo / 4;
  } else if (!lines) {
    const all = wrapAll(paragraphs, maxWidth / size, measure);
    const room = Math.floor((maxHeight / size - measure.ascent - measure.descent) / lineHeight) + 1;
    lines = truncate(all, room, maxWidth / size, measure);
  }
  return { fontSize: size, lines: position(lines, size, lineHeight, box, measure) };
}

const RTL_ISOLATE = '\u2067';
const POP_ISOLATE = '\u2069';

/** Centre the block of lines: its ink, not its font box, sits in the middle of the image. */
function position(
  lines: readonly Line[],
  size: number,
  lineHeight: number,
  box: Box,
  measure: Measurer,
): PositionedLine[] {
  const first = measure.ink(lines[0]?.text ?? '');
  const last = measure.ink(lines.at(-1)?.text ?? '');
  const ascent = first.ascent > 0 ? first.ascent : measure.ascent;
  const descent = last.ascent > 0 || last.descent > 0 ? last.descent : measure.descent;
  const blockHeight = (ascent + (lines.length - 1) * lineHeight + descent) * size;
  const top = (box.height - blockHeight) / 2;
  return lines.map((line, i) => ({
    text: line.rtl ? RTL_ISOLATE + line.text + POP_ISOLATE : line.text,
    x: box.width / 2,
    y: top + (ascent + i * lineHeight) * size,
  }));
}
