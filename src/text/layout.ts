/**
 * Text layout: split into lines, wrap to the box, choose the font size, centre the block.
 * Pure: measurement comes in through a Measurer, so this file knows nothing of Skia.
 *
 * Widths are measured once per piece at unit size and scaled linearly (Skia positions glyphs
 * at subpixel precision, so advance widths scale with the size); the final lines are checked
 * again at the chosen size by the caller's measurer.
 */

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
  readonly text: string;
  /** Horizontal centre of the line, in CSS pixels. */
  readonly x: number;
  /** Baseline, in CSS pixels. */
  readonly y: number;
}

export interface TextLayout {
  readonly fontSize: number;
  readonly lines: readonly PositionedLine[];
}

export interface Box {
  readonly width: number;
  readonly height: number;
}

/** Distance between baselines, in em. */
const LINE_HEIGHT = 1.2;
/** Free space kept on each side, as a fraction of the image's width and height. */
const PADDING = 0.1;
/** The largest text is a fifth of the shorter side: big enough to read, small enough to look calm. */
const MAX_SIZE_FRACTION = 0.2;
/** Below this the text is unreadable anyway; it is then cut with an ellipsis rather than shrunk. */
const MIN_SIZE_PX = 6;
const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Scripts written without spaces between words: a line may break between any two characters.
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** The smallest units a line may break between: words with their trailing spaces, or characters. */
export function breakUnits(paragraph: string): string[] {
  const units: string[] = [];
  for (const word of paragraph.match(/\S+\s*|\s+/g) ?? []) {
    if (NO_SPACE_SCRIPT.test(word)) {
      for (const { segment } of graphemes.segment(word)) units.push(segment);
    } else {
      units.push(word);
    }
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
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0; // width of `line` including its trailing spaces
  const push = (unit: string) => {
    line += unit;
    lineWidth += measure.width(unit);
  };
  for (const unit of breakUnits(paragraph)) {
    const inked = unit.trimEnd();
    if (line !== '' && lineWidth + measure.width(inked) > maxEm) {
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
      if (inked === '') continue; // spaces at a break vanish
    }
    if (measure.width(inked) > maxEm) {
      const pieces = splitLong(inked, maxEm, measure);
      const tail = pieces.pop() ?? '';
      if (line !== '') lines.push(line.trimEnd());
      lines.push(...pieces);
      line = '';
      lineWidth = 0;
      push(tail + unit.slice(inked.length));
    } else {
      push(unit);
    }
  }
  lines.push(line.trimEnd());
  return lines;
}

function wrapAll(paragraphs: readonly string[], maxEm: number, measure: Measurer): string[] {
  return paragraphs.flatMap((p) => wrapParagraph(p, maxEm, measure));
}

function blockHeightEm(lineCount: number, measure: Measurer): number {
  return (lineCount - 1) * LINE_HEIGHT + measure.ascent + measure.descent;
}

function widestEm(lines: readonly string[], measure: Measurer): number {
  return Math.max(0, ...lines.map((line) => measure.width(line)));
}

/** Cut lines so that they fit `maxLines`, ending the last kept line with an ellipsis. */
function truncate(lines: readonly string[], maxLines: number, maxEm: number, measure: Measurer) {
  const kept = lines.slice(0, Math.max(1, maxLines));
  if (kept.length === lines.length) return kept;
  const chars = [...graphemes.segment(kept.at(-1) ?? '')].map((s) => s.segment);
  while (chars.length > 0 && measure.width(chars.join('') + ELLIPSIS) > maxEm) chars.pop();
  kept[kept.length - 1] = chars.join('').trimEnd() + ELLIPSIS;
  return kept;
}

/**
 * Lay out `text` centred in `box`: the largest size between the minimum and a comfortable
 * maximum at which the wrapped text fits inside the padding; if even the minimum does not fit,
 * the text is cut with an ellipsis.
 */
export function layoutText(text: string, box: Box, measure: Measurer): TextLayout {
  if (text.trim() === '') return { fontSize: 0, lines: [] };
  const paragraphs = text.split('\n');
  const maxWidth = box.width * (1 - 2 * PADDING);
  const maxHeight = box.height * (1 - 2 * PADDING);
  const maxSize = Math.max(1, Math.min(box.width, box.height) * MAX_SIZE_FRACTION);
  const minSize = Math.min(MIN_SIZE_PX, maxSize);

  const fits = (size: number): string[] | undefined => {
    const lines = wrapAll(paragraphs, maxWidth / size, measure);
    const tallEnough = blockHeightEm(lines.length, measure) * size <= maxHeight;
    return tallEnough && widestEm(lines, measure) * size <= maxWidth ? lines : undefined;
  };

  let size = minSize;
  let lines = fits(minSize);
  if (lines) {
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
  } else {
    const all = wrapAll(paragraphs, maxWidth / size, measure);
    const room =
      Math.floor((maxHeight / size - measure.ascent - measure.descent) / LINE_HEIGHT) + 1;
    lines = truncate(all, room, maxWidth / size, measure);
  }
  return { fontSize: size, lines: position(lines, size, box, measure) };
}

/** Centre the block of lines: its ink, not its font box, sits in the middle of the image. */
function position(lines: readonly string[], size: number, box: Box, measure: Measurer) {
  const first = measure.ink(lines[0] ?? '');
  const last = measure.ink(lines.at(-1) ?? '');
  const ascent = first.ascent > 0 ? first.ascent : measure.ascent;
  const descent = last.ascent > 0 || last.descent > 0 ? last.descent : measure.descent;
  const blockHeight = (ascent + (lines.length - 1) * LINE_HEIGHT + descent) * size;
  const top = (box.height - blockHeight) / 2;
  return lines.map((text, i) => ({
    text,
    x: box.width / 2,
    y: top + (ascent + i * LINE_HEIGHT) * size,
  }));
}
