/**
 * URL → ImageSpec: the grammars standin reads, tried in one documented order
 * (docs/grammars.md). Pure: knows nothing of HTTP or pixels.
 *
 * 1. A URL in fakeimg.pl's style (a trailing slash with no extension, `?retina=`, or a colour
 *    with `,alpha`) is read as fakeimg.pl first.
 * 2. Otherwise placehold.co's grammar (which also covers placehold.it and via.placeholder.com).
 * 3. Then dummyimage.com's (named sizes, ratios, 1- and 2-digit colours, the extension on any
 *    segment, `&text=` in the path).
 * 4. Then fakeimg.pl's, for anything it alone accepts.
 * The first grammar that accepts the URL decides it. When none does, the error is the one of
 * the grammar the URL looks most like, with an example of its valid form.
 */
import { StandinError } from '../errors.js';
import { looksLikeDummyimage, parseDummyimage } from './grammars/dummyimage.js';
import { looksLikeFakeimg, parseFakeimg } from './grammars/fakeimg.js';
import { parsePlacehold } from './grammars/placehold.js';
import { isTextPath, parseTextImage } from './grammars/text.js';
import type { ImageSpec, Limits, Request } from './types.js';

export * from './common.js';

/** What every URL grammar offers the dispatcher. */
export interface Grammar {
  readonly name: string;
  /** A valid URL of this grammar, shown when a URL that looks like it is refused. */
  readonly example: string;
  /** Does the URL carry this grammar's own marks (placehold.co's, the default, always does)? */
  matches(path: string, query: URLSearchParams): boolean;
  parse(path: string, query: URLSearchParams, limits: Limits): ImageSpec;
}

export const PLACEHOLD: Grammar = {
  name: 'placehold.co',
  example: '/600x400/000/fff.png?text=Hello',
  matches: () => true,
  parse: parsePlacehold,
};
export const DUMMYIMAGE: Grammar = {
  name: 'dummyimage.com',
  example: '/600x400/000/fff.png&text=Hello',
  matches: (path) => looksLikeDummyimage(path),
  parse: parseDummyimage,
};
export const FAKEIMG: Grammar = {
  name: 'fakeimg.pl',
  example: '/250x100/ff0000,128/000/?text=Hello',
  matches: looksLikeFakeimg,
  parse: parseFakeimg,
};
export const GRAMMARS: readonly Grammar[] = [PLACEHOLD, DUMMYIMAGE, FAKEIMG];

/** The grammars in the order they are tried for this URL: fakeimg.pl first when it is its style. */
export function grammarOrder(path: string, query: URLSearchParams): readonly Grammar[] {
  return FAKEIMG.matches(path, query)
    ? [FAKEIMG, PLACEHOLD, DUMMYIMAGE]
    : [PLACEHOLD, DUMMYIMAGE, FAKEIMG];
}

/** The grammar a refused URL looks most like, whose error (and example) it is shown. */
function closestGrammar(path: string, query: URLSearchParams): Grammar {
  return [FAKEIMG, DUMMYIMAGE, PLACEHOLD].find((g) => g.matches(path, query)) ?? PLACEHOLD;
}

/** Parse a URL path (still percent-encoded) and its query into an ImageSpec, or throw a StandinError. */
export function parseRequest(path: string, query: URLSearchParams, limits: Limits): ImageSpec {
  const order = grammarOrder(path, query);
  const failures = new Map<Grammar, StandinError>();
  for (const grammar of order) {
    try {
      return grammar.parse(path, query, limits);
    } catch (error) {
      if (!(error instanceof StandinError)) throw error;
      failures.set(grammar, error);
    }
  }
  const closest = closestGrammar(path, query);
  const error = failures.get(closest) ?? new StandinError('bad_path', 'no grammar reads this URL');
  throw new StandinError(
    error.code,
    `${error.message} (a valid ${closest.name} URL looks like ${closest.example})`,
  );
}

/** Any URL standin serves: a text image (`/text/...`) or a placeholder in any grammar. */
export function parseAny(path: string, query: URLSearchParams, limits: Limits): Request {
  return isTextPath(path) ? parseTextImage(path, query, limits) : parseRequest(path, query, limits);
}
