/**
 * The picture of a refusal, for clients that asked for an image (an `<img>` shows it where a
 * broken-image icon would be): the status and the message, legible, at the size the URL asked
 * for when that size is valid, a small default otherwise. Pure: the HTTP layer decides when.
 */
import { parseColour } from './colour.js';
import { checkArea, DEFAULTS, parseSize, pathSegments, splitExtension } from './common.js';
import type { ImageSpec, Limits } from './types.js';

/** When the URL's own size cannot be used. */
const DEFAULT_SIZE = { width: 480, height: 240 } as const;
/** Smaller than this, no message can be read: the default is used instead. */
const MIN_SIDE = 120;
/** Larger pictures of an error only cost time: capped, keeping the asked-for proportions. */
const MAX_PIXELS = 1_000_000;
const BACKGROUND = parseColour('fde8e8');
const FOREGROUND = parseColour('9b1c1c');

/** The size the URL asks for, if its first segment is a valid size; else the default. */
function sizeFor(path: string, limits: Limits): { width: number; height: number } {
  const [first] = pathSegments(path);
  try {
    const size = parseSize(splitExtension(first ?? '').stem, limits);
    checkArea(size, limits);
    if (size.width < MIN_SIDE || size.height < MIN_SIDE) return DEFAULT_SIZE;
    const shrink = Math.min(1, Math.sqrt(MAX_PIXELS / (size.width * size.height)));
    return {
      width: Math.max(MIN_SIDE, Math.floor(size.width * shrink)),
      height: Math.max(MIN_SIDE, Math.floor(size.height * shrink)),
    };
  } catch {
    return DEFAULT_SIZE;
  }
}

/** The ImageSpec that shows `status` and `message` for a request to `path`. */
export function errorImageSpec(
  path: string,
  status: number,
  message: string,
  limits: Limits,
): ImageSpec {
  const { width, height } = sizeFor(path, limits);
  const text = `${status}: ${message}`.slice(0, Math.min(300, limits.maxTextLength));
  return {
    width,
    height,
    scale: 1,
    format: 'png',
    background: BACKGROUND,
    foreground: FOREGROUND,
    text,
    font: DEFAULTS.font,
  };
}
