/**
 * placehold.co's grammar (the successor of placehold.it, and what via.placeholder.com used):
 *
 *   /{size}[@{2|3}x][/{bg}[/{fg}]][/{format}][.{format}]?text=...&font=...
 */
import { quote, StandinError } from '../../errors.js';
import { parseColour } from '../colour.js';
import {
  checkArea,
  DEFAULTS,
  defaultText,
  fontFromQuery,
  formatFromName,
  parseRadius,
  parseSize,
  parseTextOverrides,
  pathSegments,
  splitExtension,
  textFromQuery,
} from '../common.js';
import type { Format, ImageSpec, Limits, Rgba, Scale } from '../types.js';

/** What a URL that says nothing else gets: placehold.co's defaults, or another service's. */
export interface PlaceholdDefaults {
  readonly background: Rgba;
  readonly foreground: Rgba;
  readonly format: Format;
}

/**
 * via.placeholder.com's defaults: the same URL shapes as placehold.co, but a PNG, light grey
 * (#cccccc) with darker grey text (#969696), as that service drew them.
 */
export const VIA_DEFAULTS: PlaceholdDefaults = {
  background: parseColour('cccccc'),
  foreground: parseColour('969696'),
  format: 'png',
};

/**
 * Parse a placehold.co URL (path and query) into an ImageSpec, or throw a StandinError.
 * Retina on SVG is accepted and ignored: a vector image has no pixel density.
 */
export function parsePlacehold(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  return parsePlaceholdWith(DEFAULTS, path, query, limits);
}

/** The same grammar as via.placeholder.com read it, with its defaults. */
export function parseVia(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  return parsePlaceholdWith(VIA_DEFAULTS, path, query, limits);
}

function parsePlaceholdWith(
  defaults: PlaceholdDefaults,
  path: string,
  query: URLSearchParams,
  limits: Limits,
): ImageSpec {
  const segments = pathSegments(path);
  const last = segments.pop();
  if (last === undefined) {
    throw new StandinError('bad_path', 'the path must start with a size, like /600x400 or /400');
  }
  const { stem, format: extensionFormat } = splitExtension(last);
  if (stem !== '') segments.push(stem);

  const [sizeSegment = '', ...rest] = segments;
  const size = parseSize(sizeSegment, limits);

  const colours: string[] = [];
  let segmentFormat: Format | undefined;
  for (const [index, segment] of rest.entries()) {
    const format = formatFromName(segment);
    if (format && index === rest.length - 1) {
      segmentFormat = format;
    } else if (colours.length < 2) {
      colours.push(segment);
    } else {
      throw new StandinError(
        'bad_path',
        `expected /{size}/{background}/{text colour}/{format}, got an extra segment ${quote(segment)}`,
      );
    }
  }
  if (extensionFormat && segmentFormat && extensionFormat !== segmentFormat) {
    throw new StandinError(
      'conflicting_format',
      `the URL asks for two formats, ${segmentFormat} and ${extensionFormat}: keep one`,
    );
  }
  const format = extensionFormat ?? segmentFormat ?? defaults.format;
  const scale: Scale = format === 'svg' ? 1 : size.scale;
  checkArea({ ...size, scale }, limits);

  const [bg, fg] = colours;
  return {
    width: size.width,
    height: size.height,
    scale,
    format,
    background: bg === undefined ? defaults.background : parseColour(bg, 'background colour'),
    foreground: fg === undefined ? defaults.foreground : parseColour(fg, 'text colour'),
    text: textFromQuery(query, limits, defaultText(size.width, size.height)),
    font: fontFromQuery(query, DEFAULTS.font),
    ...parseTextOverrides(query),
    ...parseRadius(query, size.width, size.height),
  };
}
