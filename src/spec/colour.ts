import cssColours from 'color-name';
import { accepts, quote, StandinError } from '../errors.js';
import { didYouMean } from './suggest.js';
import type { Rgba } from './types.js';

const HEX = /^[0-9a-f]+$/i;

/**
 * Hex digits in a short form written out as six: `c` → `cccccc` (one digit, as dummyimage.com
 * reads it), `ef` → `efefef` (two), `09f` → `0099ff` (three, as CSS). Others are returned as they
 * are.
 */
export function expandHex(digits: string): string {
  switch (digits.length) {
    case 1:
      return digits.repeat(6);
    case 2:
      return digits.repeat(3);
    case 3:
      return [...digits].map((c) => c + c).join('');
    default:
      return digits;
  }
}

/** Red, green and blue of six hex digits, opaque. */
export function rgbFromHex(six: string): Rgba {
  const byte = (i: number) => Number.parseInt(six.slice(i, i + 2), 16);
  return { r: byte(0), g: byte(2), b: byte(4), a: 255 };
}

/** Parse `rgb`, `rgba`, `rrggbb` or `rrggbbaa` hex digits (no `#`), or return undefined. */
function parseHex(digits: string): Rgba | undefined {
  if (!HEX.test(digits)) return undefined;
  switch (digits.length) {
    case 3:
    case 6:
      return rgbFromHex(expandHex(digits));
    case 4:
    case 8: {
      // With alpha: the colour, then its last digit or two.
      const rgba = expandHex(digits.length === 4 ? digits.slice(0, 3) : digits.slice(0, 6));
      const alpha = digits.length === 4 ? digits.charAt(3).repeat(2) : digits.slice(6);
      return { ...rgbFromHex(rgba), a: Number.parseInt(alpha, 16) };
    }
    default:
      return undefined;
  }
}

/**
 * Parse a colour as placehold.co accepts it: hex with 3, 4, 6 or 8 digits (an optional leading
 * `#`), a CSS named colour (case-insensitive), or `transparent`.
 */
export function parseColour(input: string, role = 'colour'): Rgba {
  const value = input.trim();
  const hex = parseHex(value.startsWith('#') ? value.slice(1) : value);
  if (hex) return hex;
  const name = value.toLowerCase();
  if (name === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const named = Object.hasOwn(cssColours, name) ? cssColours[name] : undefined;
  if (named) return { r: named[0], g: named[1], b: named[2], a: 255 };
  // Only a word can be a misspelled name; hex-like input gets no guess.
  const guess = /^[a-z]{3,}$/.test(name) ? didYouMean(name, Object.keys(cssColours)) : '';
  throw new StandinError(
    'bad_colour',
    `${role} must be hex with 3, 4, 6 or 8 digits (like 09f or ff8800), a CSS colour name (like orange) or transparent, got ${quote(input)}${guess}`,
  );
}

/** Is this segment something parseColour accepts? */
export function isColour(input: string): boolean {
  return accepts(() => parseColour(input));
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** `#rrggbb` or `#rrggbbaa`: the canonical spelling, used in cache keys and SVG. */
export function colourToHex(colour: Rgba): string {
  const rgb = `#${hex2(colour.r)}${hex2(colour.g)}${hex2(colour.b)}`;
  return colour.a === 255 ? rgb : `${rgb}${hex2(colour.a)}`;
}

/** A CSS colour for a canvas fillStyle. */
export function colourToCss(colour: Rgba): string {
  return `rgba(${colour.r},${colour.g},${colour.b},${(colour.a / 255).toFixed(4)})`;
}
