/** A Measurer backed by Skia: the same shaping the renderer uses, so layout and pixels agree. */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Measurer } from './layout.js';

/** Measuring at 100 px keeps rounding small; results are divided back to em. */
const REFERENCE_PX = 100;

/**
 * The language Skia shapes with. Fixed, because the default ('inherit') follows the host's
 * locale, and the same URL must give the same pixels on every host.
 */
export const SHAPING_LANG = 'en';

let context: SKRSContext2D | undefined;

function measuringContext(): SKRSContext2D {
  context ??= createCanvas(1, 1).getContext('2d');
  return context;
}

/**
 * A measurer for one CSS font-family list (its faces already registered), caching the width
 * of each piece of text it is asked about.
 */
export function skiaMeasurer(family: string): Measurer {
  const ctx = measuringContext();
  const css = `${REFERENCE_PX}px ${family}`;
  const widths = new Map<string, number>();
  const metrics = (text: string) => {
    ctx.font = css;
    ctx.lang = SHAPING_LANG;
    return ctx.measureText(text);
  };
  const face = metrics('Hg');
  return {
    ascent: face.fontBoundingBoxAscent / REFERENCE_PX,
    descent: face.fontBoundingBoxDescent / REFERENCE_PX,
    width(text) {
      let width = widths.get(text);
      if (width === undefined) {
        width = metrics(text).width / REFERENCE_PX;
        widths.set(text, width);
      }
      return width;
    },
    ink(text) {
      if (text.trim() === '') return { ascent: 0, descent: 0 };
      const m = metrics(text);
      return {
        ascent: m.actualBoundingBoxAscent / REFERENCE_PX,
        descent: m.actualBoundingBoxDescent / REFERENCE_PX,
      };
    },
  };
}
