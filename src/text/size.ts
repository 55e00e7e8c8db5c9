/**
 * Text images are as big as their text: measure the lines in the faces the text needs, add the
 * padding, and the result is an ordinary ImageSpec with a fixed font size.
 */
import { StandinError } from '../errors.js';
import { checkArea, checkFormatSides } from '../spec/common.js';
import type { ImageSpec, Limits, TextImageSpec } from '../spec/types.js';
import { prepareFaces } from './index.js';
import { LINE_HEIGHT } from './layout.js';
import { skiaMeasurer } from './measure.js';

/** The placeholder spec that draws a text image: its size from its measured text. */
export function sizeToText(request: TextImageSpec, limits: Limits): ImageSpec {
  const { text, family } = prepareFaces(request.font, request.text, request.lang);
  const measure = skiaMeasurer(family);
  const lines = text.split('\n');
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
  checkFormatSides({ width, height, scale: request.scale, format: request.format });
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
