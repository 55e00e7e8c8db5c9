import type { ImageSpec } from '../spec/types.js';
import { layoutText, type TextLayout } from './layout.js';
import { skiaMeasurer } from './measure.js';

export { cssFont } from './fonts.js';
export type { PositionedLine, TextLayout } from './layout.js';

/** Lay out a spec's text in CSS pixels (retina scaling is applied when drawing). */
export function layoutSpec(spec: ImageSpec): TextLayout {
  return layoutText(spec.text, spec, skiaMeasurer(spec.font));
}
