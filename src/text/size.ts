/**
 * Text images are as big as their text: measure the lines in the faces the text needs, add the
 * padding, and the result is an ordinary ImageSpec with a fixed font size.
 */
import type { Limits } from '../config.js';
import { StandinError } from '../errors.js';
import { checkArea } from '../spec/common.js';
import type { ImageSpec, TextImageSpec } from '../spec/types.js';
import { ensureFace, familyList } from './fonts.js';
import { skiaMeasurer } from './measure.js';
import { selectFaces } from './scripts.js';

const LINE_HEIGHT = 1.2;

/** The placeholder spec that draws a text image: its size from its measured text. */
export function sizeToText(request: TextImageSpec, limits: Limits): ImageSpec {
  const selection = selectFaces(request.font, request.text, request.lang);
  for (const face of selection.faces) ensureFace(face);
  const measure = skiaMeasurer(familyList(selection.chain.filter((f) => selection.faces.has(f))));
  const lines = selection.text.split('\n');
  const lineHeight = request.lineHeight ?? LINE_HEIGHT;
  const widest = Math.max(...lines.map((line) => measure.width(line)));
  const blockEm = measure.ascent + measure.descent + (lines.length - 1) * lineHeight;
  // One pixel of slack so that rounding never wraps the longest line.
  const width = Math.ceil(widest * request.fontSize + 2 * request.padding) + 1;
  const height = Math.ceil(blockEm * request.fontSize + 2 * request.padding);
  if (width > limits.maxSide || height > limits.maxSide) {
    throw new StandinError(
      'size_out_of_range',
      `the text would be ${width}x${height} pixels at size ${request.fontSize}; the limit is ${limits.maxSide} a side: use a smaller size or break the lines`,
    );
  }
  checkArea({ width, height, scale: request.scale }, limits);
  return {
    width,
    height,
    scale: request.scale,
    format: request.format,
    background: request.background,
    foreground: request.foreground,
    text: request.text,
    font: request.font,
    fontSize: request.fontSize,
    padding: request.padding,
    ...(request.lineHeight === undefined ? {} : { lineHeight: request.lineHeight }),
    ...(request.lang === undefined ? {} : { lang: request.lang }),
  };
}
