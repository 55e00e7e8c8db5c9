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
/** The font the measuring context is set to now. */
let current = '';

function measuringContext(): SKRSContext2D {
  context ??= createCanvas(1, 1).getContext('2d');
  return context;
}

/** Measurers kept per family list, and widths kept per measurer, before they are dropped. */
const MAX_MEASURERS = 64;
const MAX_WIDTHS = 4096;
const measurers = new Map<string, Measurer>();

/**
 * A measurer for one CSS font-family list (its faces already registered) and weight, caching the width
 * of each piece of text it is asked about. Kept per family list across renders (in this
 * thread), so the widths of pieces that recur ("600 ", "× ") are measured once.
 */
export function skiaMeasurer(family: string, weight = ''): Measurer {
  const key = weight + family;
  let measurer = measurers.get(key);
  if (!measurer) {
    if (measurers.size >= MAX_MEASURERS) measurers.clear();
    measurer = newMeasurer(family, weight);
    measurers.set(key, measurer);
  }
  return measurer;
}

function newMeasurer(family: string, weight: string): Measurer {
  const ctx = measuringContext();
  const css = `${weight}${REFERENCE_PX}px ${family}`;
  const widths = new Map<string, number>();
  const inks = new Map<string, { ascent: number; descent: number }>();
  const metrics = (text: string) => {
    // Setting a font makes Skia parse it: only when another measurer changed it.
    if (current !== css) {
      ctx.font = css;
      ctx.lang = SHAPING_LANG;
      current = css;
    }
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
        if (widths.size >= MAX_WIDTHS) widths.clear();
        widths.set(text, width);
      }
      return width;
    },
    ink(text) {
      // The ink of a line is the union of its words' ink: words recur ("600", "Hero") where
      // whole lines rarely do, so they are measured once each.
      let ascent = 0;
      let descent = 0;
      for (const word of text.split(' ')) {
        if (word === '') continue;
        let ink = inks.get(word);
        if (!ink) {
          const m = metrics(word);
          ink = {
            ascent: m.actualBoundingBoxAscent / REFERENCE_PX,
            descent: m.actualBoundingBoxDescent / REFERENCE_PX,
          };
          if (inks.size >= MAX_WIDTHS) inks.clear();
          inks.set(word, ink);
        }
        ascent = Math.max(ascent, ink.ascent);
        descent = Math.max(descent, ink.descent);
      }
      return { ascent, descent };
    },
  };
}
