import { colourToHex } from './colour.js';
import type { ImageSpec } from './types.js';

/**
 * The canonical key of a spec: two URLs that mean the same image (`/600x400.png` and
 * `/600x400/png`, `/600x400/fff` and `/600x400/FFFFFF`) have the same key. The text comes
 * last, so any character in it cannot collide with the fields before it.
 */
export function specKey(spec: ImageSpec): string {
  return [
    `${spec.width}x${spec.height}@${spec.scale}`,
    spec.format,
    colourToHex(spec.background),
    colourToHex(spec.foreground),
    spec.font,
    spec.fontSize ?? 'auto',
    spec.maxFontSize ?? 'auto',
    spec.lineHeight ?? 'auto',
    spec.padding ?? 'auto',
    spec.lang ?? 'auto',
    Array.isArray(spec.radius) ? spec.radius.join(',') : (spec.radius ?? 0),
    spec.text,
  ].join('|');
}
