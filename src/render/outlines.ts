/**
 * Glyph outlines taken from Skia once per face, and a line of simple text placed from them at
 * Skia's own advances and kerning: the common picture ("600 × 400", "Hero", "No image") then
 * needs no Skia canvas at all. The SVG answer writes the placed outlines as path data
 * (svg-fast.ts); raster answers fill them into a coverage band (glyph-raster.ts). Anything
 * else (colour glyphs, rounded corners, scripts that shape, faces with contextual forms, a
 * pair of letters that forms a ligature) goes to Skia's canvas: `pairSafe` checks each new
 * pair against Skia once.
 */
import { createCanvas, SvgExportFlag } from '@napi-rs/canvas';
import type { FontName, ImageSpec } from '../spec/types.js';
import { faceCoverage, fontFamilies, fontWeight } from '../text/fonts.js';
import type { TextLayout } from '../text/index.js';
import { SHAPING_LANG } from '../text/measure.js';
import { isSimpleText } from '../text/scripts.js';
import { measuringContext } from './canvas.js';
import { hasColourGlyphs } from './glyphs.js';

/** Outlines are taken at this size in pixels; a picture scales them. */
export const REF = 100;
const ORIGIN_X = REF;
const ORIGIN_Y = 2 * REF;

/** Faces with contextual alternates that look past a pair of letters (Inter's 1x1 → 1×1). */
const CONTEXTUAL: ReadonlySet<FontName> = new Set(['inter', 'lobster']);
/** Every printable Latin-1 character. */
const LATIN_1 = String.fromCodePoint(
  ...Array.from({ length: 0x5f }, (_, i) => 0x20 + i),
  ...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i),
);

/** A path as Skia writes it: absolute commands (M, L, Q, C, Z), each with its numbers. */
export interface Command {
  readonly op: string;
  readonly args: readonly number[];
}

/** A glyph's outline at REF px, its origin on the baseline at the pen position. */
export interface Glyph {
  readonly commands: readonly Command[];
  /** Bounds of every point of the outline (control points included: they hold the curve). */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface Face {
  readonly family: string;
  readonly glyphs: Map<string, Glyph>;
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

function boundsOf(commands: readonly Command[]): Glyph {
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const { args } of commands) {
    for (let k = 0; k + 1 < args.length; k += 2) {
      const x = args[k] ?? 0;
      const y = args[k + 1] ?? 0;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return right >= left
    ? { commands, left, top, right, bottom }
    : { commands, left: 0, top: 0, right: 0, bottom: 0 };
}

function glyphOf(face: Face, char: string): Glyph {
  let glyph = face.glyphs.get(char);
  if (!glyph) {
    const outline = skiaOutline(face, char);
    glyph = boundsOf(outline.commands);
    face.glyphs.set(char, glyph);
    face.advances.set(char, outline.width);
  }
  return glyph;
}

/** The advance of a glyph, or of a pair with its kerning, from the measuring context. */
function advance(face: Face, text: string): number {
  let width = face.advances.get(text);
  if (width === undefined) {
    const ctx = measuringContext();
    ctx.font = face.family;
    ctx.lang = SHAPING_LANG;
    width = ctx.measureText(text).width;
    face.advances.set(text, width);
  }
  return width;
}

/** The pen offset of the second glyph of a pair: the first's advance plus their kerning. */
const pairAdvance = (face: Face, a: string, b: string) => advance(face, a + b) - advance(face, b);

function translate(commands: readonly Command[], dx: number): Command[] {
  return commands.map(({ op, args }) => ({
    op,
    args: args.map((n, i) => (i % 2 === 0 ? n + dx : n)),
  }));
}

/**
 * Does Skia draw the pair `ab` as the two glyphs side by side? Not for a ligature (fi) or a
 * contextual form: then the picture goes to Skia's canvas. Checked once per face and pair.
 */
function pairSafe(face: Face, a: string, b: string): boolean {
  const key = a + b;
  let safe = face.pairs.get(key);
  if (safe === undefined) {
    const pair = skiaOutline(face, key);
    const drawn = pair.commands;
    face.advances.set(key, pair.width);
    const offset = pairAdvance(face, a, b);
    const composed = [
      ...glyphOf(face, a).commands,
      ...translate(glyphOf(face, b).commands, offset),
    ];
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

/**
 * Can this spec's text be drawn from cached outlines, exactly as Skia would place them? One
 * face without contextual forms, printable Latin-1 it covers, no pair that Skia joins, no
 * colour glyphs, no rounded corners.
 */
export function canPlaceGlyphs(spec: ImageSpec, layout: TextLayout): boolean {
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

/** A glyph placed in the picture: its outline at REF px, drawn at (x, y) scaled by `scale`. */
export interface PlacedGlyph {
  readonly glyph: Glyph;
  /** Pen position on the baseline, in CSS pixels. */
  readonly x: number;
  readonly y: number;
}

/**
 * Every glyph of the layout's lines, placed as Skia places them (each line centred on its x),
 * for a spec canPlaceGlyphs accepted. Outline coordinates times `fontSize / REF` are CSS pixels.
 */
export function placeGlyphs(spec: ImageSpec, layout: TextLayout): PlacedGlyph[] {
  const face = faceOf(spec.font);
  const scale = layout.fontSize / REF;
  const placed: PlacedGlyph[] = [];
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
      const glyph = glyphOf(face, char);
      if (glyph.commands.length > 0) {
        placed.push({ glyph, x: left + (pens[i] ?? 0) * scale, y: line.y });
      }
    }
  }
  return placed;
}
