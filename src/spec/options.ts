/**
 * An ImageSpec from a plain options object (for the library and the CLI), validated by the
 * same rules and limits as a URL.
 */
import { quote, StandinError } from '../errors.js';
import { parseColour } from './colour.js';
import {
  checkArea,
  checkFormatSides,
  DEFAULTS,
  defaultText,
  FONT_SIZE_RANGE,
  formatFromName,
  LINE_HEIGHT_RANGE,
  parseClampedNumber,
  parseFont,
  parseSize,
  parseText,
  unknownFormat,
} from './parse.js';
import type { FontName, Format, ImageSpec, Limits, Scale } from './types.js';

export interface ImageOptions {
  readonly width: number;
  /** Defaults to the width (a square). */
  readonly height?: number;
  /** Retina factor: 1, 2 or 3. */
  readonly scale?: Scale;
  /** svg (default), png, jpeg (or jpg), gif, webp, avif. */
  readonly format?: Format | 'jpg';
  /** Any colour a URL accepts: hex, CSS name or `transparent`. */
  readonly background?: string;
  readonly foreground?: string;
  /** Defaults to "{width} × {height}"; `\n` breaks lines; empty draws none. */
  readonly text?: string;
  readonly font?: FontName;
  readonly fontSize?: number;
  readonly lineHeight?: number;
}

/** The type each option must have at run time (JavaScript callers and JSON skip the compiler). */
const OPTION_TYPES: Readonly<Record<keyof ImageOptions, 'number' | 'string'>> = {
  width: 'number',
  height: 'number',
  scale: 'number',
  format: 'string',
  background: 'string',
  foreground: 'string',
  text: 'string',
  font: 'string',
  fontSize: 'number',
  lineHeight: 'number',
};

function checkTypes(options: ImageOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const expected = Object.hasOwn(OPTION_TYPES, name)
      ? OPTION_TYPES[name as keyof ImageOptions]
      : undefined;
    if (expected === undefined) {
      throw new StandinError(
        'bad_query',
        `unknown option ${quote(name)}; the options are ${Object.keys(OPTION_TYPES).join(', ')}`,
      );
    }
    if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
      throw new StandinError(
        'bad_query',
        `${name} must be ${expected === 'number' ? 'a finite number' : 'a string'}, got ${quote(String(value))}`,
      );
    }
  }
}

function parseFormat(name: string | undefined): Format {
  if (name === undefined) return DEFAULTS.format;
  const format = formatFromName(name);
  if (!format) throw unknownFormat(name);
  return format;
}

/** Validate options into an ImageSpec, or throw a StandinError. */
export function specFromOptions(options: ImageOptions, limits: Limits): ImageSpec {
  checkTypes(options);
  const { width, height = width, scale = 1 } = options;
  if (scale !== 1 && scale !== 2 && scale !== 3) {
    throw new StandinError('bad_scale', `scale must be 1, 2 or 3, got ${scale}`);
  }
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value)) {
      throw new StandinError('bad_size', `${name} must be a whole number, got ${value}`);
    }
  }
  const size = parseSize(`${width}x${height}${scale === 1 ? '' : `@${scale}x`}`, limits);
  const format = parseFormat(options.format);
  const finalScale: Scale = format === 'svg' ? 1 : size.scale;
  checkArea({ ...size, scale: finalScale }, limits);
  checkFormatSides({ ...size, scale: finalScale, format });
  return {
    width: size.width,
    height: size.height,
    scale: finalScale,
    format,
    background:
      options.background === undefined
        ? DEFAULTS.background
        : parseColour(options.background, 'background colour'),
    foreground:
      options.foreground === undefined
        ? DEFAULTS.foreground
        : parseColour(options.foreground, 'text colour'),
    text:
      options.text === undefined
        ? defaultText(size.width, size.height)
        : parseText(options.text, limits),
    font: options.font === undefined ? DEFAULTS.font : parseFont(options.font),
    ...(options.fontSize === undefined
      ? {}
      : { fontSize: parseClampedNumber('fontSize', String(options.fontSize), FONT_SIZE_RANGE) }),
    ...(options.lineHeight === undefined
      ? {}
      : {
          lineHeight: parseClampedNumber(
            'lineHeight',
            String(options.lineHeight),
            LINE_HEIGHT_RANGE,
          ),
        }),
  };
}

/**
 * Check a spec built by hand (not by a parser) against the limits, so the library cannot be
 * used to ask for more than the server would draw.
 */
export function checkSpec(spec: ImageSpec, limits: Limits): ImageSpec {
  const size = parseSize(`${spec.width}x${spec.height}@${spec.scale}x`, limits);
  checkArea(size, limits);
  checkFormatSides(spec);
  parseText(spec.text, limits);
  return spec;
}
