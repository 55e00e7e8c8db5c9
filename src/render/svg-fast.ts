/**
 * SVG without a Skia canvas for the common case: a flat background and text in one face whose
 * glyphs do not change with their neighbours ("600 × 400", "Hero", "No image"). Skia's SVG
 * canvas cost about a millisecond a picture, most of it making the canvas and serialising it;
 * here each glyph's outline is taken from Skia once per face (at 100 px, as its SVG canvas
 * writes it), and a picture is those outlines placed at Skia's own advances and kerning,
 * scaled, written as the same document Skia writes. Anything else (colour glyphs, rounded
 * corners, scripts that shape, faces with contextual forms, a pair of letters that forms a
 * ligature) goes to Skia's canvas as before: `pairSafe` checks each new pair against Skia once.
 */
import { createCanvas, SvgExportFlag } from '@napi-rs/canvas';
import { colourToHex } from '../spec/colour.js';
import type { FontName, ImageSpec, Rgba } from '../spec/types.js';
import { faceCoverage, fontFamilies, fontWeight } from '../text/fonts.js';
import type { TextLayout } from '../text/index.js';
import { SHAPING_LANG } from '../text/measure.js';
import { isSimpleText } from '../text/scripts.js';
import { hasColourGlyphs } from './glyphs.js';

/** Outlines are taken at this size; a picture scales them. */
const REF = 100;
const ORIGIN_X = REF;
const ORIGIN_Y = 2 * REF;

/** Faces with contextual alternates that look past a pair of letters (Inter's 1x1 → 1×1). */
const CONTEXTUAL: ReadonlySet<FontName> = new Set(['inter', 'lobster']);
/** Every printable Latin-1 character. */
const LATIN_1 = String.fromCodePoint(
  ...Array.from({ length: 0x5f }, (_, i) => 0x20 + i),
  ...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i),
);

/** A path as Skia writes it: absolute commands, each with its numbers. */
type Command = { readonly op: string; readonly args: readonly number[] };

interface Face {
  readonly family: string;
  readonly glyphs: Map<string, readonly Command[]>;
  readonly advances: Map<string, number>;
  readonly pairs: Map<string, boolean>;
}

const faces = new Map<FontName, Face>();

function faceOf(font: FontName): Face {
  let face = faces.get(font);
  if (!face) {
    face = {
      // The slices that hold printable Latin-1, all this path draws.
      family: `${fontWeight(font)}${REF}px ${fontFamilies([font], LATIN_1)}`,
      glyphs: new Map(),
      advances: new Map(),
      pairs: new Map(),
    };
    faces.set(font, face);
  }
  return face;
}

const PATH_DATA = /\sd="([^"]*)"/g;
const COMMAND = /([MLQCZ])([^MLQCZ]*)/g;

function parsePath(d: string, dx: number, dy: number): Command[] {
  const commands: Command[] = [];
  for (const [, op = '', rest = ''] of d.matchAll(COMMAND)) {
    const numbers =
      rest.trim() === ''
        ? []
        : rest
            .trim()
            .split(/[\s,]+/)
            .map(Number);
    commands.push({ op, args: numbers.map((n, i) => n - (i % 2 === 0 ? dx : dy)) });
  }
  return commands;
}

/** What Skia's SVG canvas writes for `text` at REF px with its origin at ORIGIN: path data. */
function skiaOutline(face: Face, text: string): { commands: Command[]; width: number } {
  const canvas = createCanvas(6 * REF, 3 * REF, SvgExportFlag.ConvertTextToPaths);
  const ctx = canvas.getContext('2d');
  ctx.font = face.family;
  ctx.lang = SHAPING_LANG;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#000';
  const width = ctx.measureText(text).width;
  ctx.fillText(text, ORIGIN_X, ORIGIN_Y);
  const svg = canvas.getContent().toString('utf8');
  const commands = Array.from(svg.matchAll(PATH_DATA), (m) =>
    parsePath(m[1] ?? '', ORIGIN_X, ORIGIN_Y),
  ).flat();
  return { commands, width };
}

function glyph(face: Face, char: string): readonly Command[] {
  let commands = face.glyphs.get(char);
  if (!commands) {
    const outline = skiaOutline(face, char);
    commands = outline.commands;
    face.glyphs.set(char, commands);
    face.advances.set(char, outline.width);
  }
  return commands;
}

function advance(face: Face, text: string): number {
  let width = face.advances.get(text);
  if (width === undefined) {
    width = skiaOutline(face, text).width;
    face.advances.set(text, width);
  }
  return width;
}

/** The pen offset of the second glyph of a pair: the first's advance plus their kerning. */
const pairAdvance = (face: Face, a: string, b: string) => advance(face, a + b) - advance(face, b);

/**
 * Does Skia draw the pair `ab` as the two glyphs side by side? Not for a ligature (fi) or a
 * contextual form: then the picture goes to Skia's canvas. Checked once per face and pair.
 */
function pairSafe(face: Face, a: string, b: string): boolean {
  const key = a + b;
  let safe = face.pairs.get(key);
  if (safe === undefined) {
    const drawn = skiaOutline(face, key).commands;
    const offset = pairAdvance(face, a, b);
    const composed = [...glyph(face, a), ...translate(glyph(face, b), offset)];
    safe =
      drawn.length === composed.length &&
      drawn.every((command, i) => {
        const other = composed[i];
        return (
          other !== undefined &&
          command.op === other.op &&
          command.args.length === other.args.length &&
          command.args.every((n, k) => Math.abs(n - (other.args[k] ?? Number.NaN)) < 0.05)
        );
      });
    face.pairs.set(key, safe);
  }
  return safe;
}

function translate(commands: readonly Command[], dx: number): Command[] {
  return commands.map(({ op, args }) => ({
    op,
    args: args.map((n, i) => (i % 2 === 0 ? n + dx : n)),
  }));
}

/** Can this spec be written by composing cached outlines? */
export function canComposeSvg(spec: ImageSpec, layout: TextLayout): boolean {
  if (spec.radius || CONTEXTUAL.has(spec.font) || hasColourGlyphs(spec.text)) return false;
  const coverage = faceCoverage(spec.font);
  const face = faceOf(spec.font);
  for (const line of layout.lines) {
    if (!isSimpleText(line.text)) return false;
    const chars = [...line.text];
    for (const [i, char] of chars.entries()) {
      if (char !== ' ' && !coverage.has(char.codePointAt(0) ?? 0)) return false;
      const next = chars[i + 1];
      if (next !== undefined && !pairSafe(face, char, next)) return false;
    }
  }
  return true;
}

/** A number as Skia's SVG canvas writes it here: at most two decimals, no trailing zeros. */
const num = (n: number) => String(Math.round(n * 100) / 100);

/** `fill` (and `fill-opacity`) for a colour. */
function fill(colour: Rgba): string {
  const hex = colourToHex(colour).slice(0, 7).toUpperCase();
  return colour.a === 255 ? `fill="${hex}"` : `fill="${hex}" fill-opacity="${num(colour.a / 255)}"`;
}

/** The SVG of a spec canComposeSvg accepted. */
export function composeSvg(spec: ImageSpec, layout: TextLayout): Buffer {
  const { width, height } = spec;
  const parts = [
    '<?xml version="1.0" encoding="utf-8" ?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n`,
  ];
  if (spec.background.a > 0) {
    parts.push(`\t<rect ${fill(spec.background)} width="${width}" height="${height}"/>\n`);
  }
  if (spec.foreground.a > 0 && layout.lines.length > 0) {
    const face = faceOf(spec.font);
    const scale = layout.fontSize / REF;
    const d: string[] = [];
    for (const line of layout.lines) {
      const chars = [...line.text];
      // Pen positions at REF px, then the line centred on line.x as Skia centres it.
      const pens: number[] = [];
      let pen = 0;
      for (const [i, char] of chars.entries()) {
        pens.push(pen);
        const next = chars[i + 1];
        pen += next === undefined ? advance(face, char) : pairAdvance(face, char, next);
      }
      const left = line.x - (pen * scale) / 2;
      for (const [i, char] of chars.entries()) {
        const x0 = left + (pens[i] ?? 0) * scale;
        for (const { op, args } of glyph(face, char)) {
          let text = op;
          for (let k = 0; k < args.length; k += 2) {
            text += `${k === 0 ? '' : ' '}${num(x0 + (args[k] ?? 0) * scale)} ${num(line.y + (args[k + 1] ?? 0) * scale)}`;
          }
          d.push(text);
        }
      }
    }
    if (d.length > 0) parts.push(`\t<path ${fill(spec.foreground)} d="${d.join('')}"/>\n`);
  }
  parts.push('</svg>\n');
  return Buffer.from(parts.join(''), 'utf8');
}
