/**
 * URL → ImageSpec: the grammars standin reads, tried in one documented order
 * (docs/grammars.md). Pure: knows nothing of HTTP or pixels.
 */
import type { Limits } from '../config.js';
import { parsePlacehold } from './grammars/placehold.js';
import type { ImageSpec } from './types.js';

export * from './common.js';

/** Parse a URL path (still percent-encoded) and its query into an ImageSpec, or throw a StandinError. */
export function parseRequest(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  return parsePlacehold(path, query, limits);
}
