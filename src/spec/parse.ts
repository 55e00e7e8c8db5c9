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
import { COMMON_PARAMS, CORNER_PARAMS, checkFormatSides, isFont, queryWarnings } from './common.js';
import { AVATAR_PARAMS, isAvatarPath, parseAvatar } from './grammars/avatar.js';
import { looksLikeDummyimage, parseDummyimage } from './grammars/dummyimage.js';
import { FAKEIMG_FONTS, looksLikeFakeimg, parseFakeimg } from './grammars/fakeimg.js';
import { parsePlacehold, parseVia } from './grammars/placehold.js';
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
  /** Query parameters it reads besides the common ones (text, font, font-size...). */
  readonly params: readonly string[];
  /** Does it know this font name (so that no warning says it was replaced)? */
  knownFont(name: string): boolean;
  /** `own`: this is the deployment's grammar (STANDIN_GRAMMAR), read with all its leniency. */
  parse(path: string, query: URLSearchParams, limits: Limits, own?: boolean): ImageSpec;
}

/** placehold.co's URL shapes, under its own defaults or another service's. */
function placeholdShaped(name: string, parse: Grammar['parse']): Grammar {
  const example = '/600x400/000/fff.png?text=Hello';
  return { name, example, matches: () => true, params: ['radius'], knownFont: isFont, parse };
}

export const PLACEHOLD: Grammar = placeholdShaped('placehold.co', parsePlacehold);
export const DUMMYIMAGE: Grammar = {
  name: 'dummyimage.com',
  example: '/600x400/000/fff.png&text=Hello',
  matches: (path) => looksLikeDummyimage(path),
  params: [],
  knownFont: isFont,
  parse: parseDummyimage,
};
export const FAKEIMG: Grammar = {
  name: 'fakeimg.pl',
  example: '/250x100/ff0000,128/000/?text=Hello',
  matches: looksLikeFakeimg,
  params: ['retina', 'radius', ...CORNER_PARAMS],
  knownFont: (name) => isFont(name) || Object.hasOwn(FAKEIMG_FONTS, name.toLowerCase()),
  parse: parseFakeimg,
};
export const VIA: Grammar = placeholdShaped('via.placeholder.com', parseVia);
export const GRAMMARS: readonly Grammar[] = [PLACEHOLD, DUMMYIMAGE, FAKEIMG, VIA];

/**
 * The service whose reading a deployment prefers for URLs more than one grammar could read
 * (`/600x400/000/fff`, `/300`), its defaults included: STANDIN_GRAMMAR.
 */
export const GRAMMAR_NAMES = ['placehold', 'dummyimage', 'fakeimg', 'via'] as const;
export type GrammarName = (typeof GRAMMAR_NAMES)[number];
const BY_NAME: Readonly<Record<GrammarName, Grammar>> = {
  placehold: PLACEHOLD,
  dummyimage: DUMMYIMAGE,
  fakeimg: FAKEIMG,
  via: VIA,
};

export function isGrammarName(name: string): name is GrammarName {
  return (GRAMMAR_NAMES as readonly string[]).includes(name);
}

/**
 * The grammars in the order they are tried for this URL: fakeimg.pl first when it is written in
 * its style (its marks are its own), then the deployment's preferred grammar, then the others.
 */
export function grammarOrder(
  path: string,
  query: URLSearchParams,
  preferred: GrammarName = 'placehold',
): readonly Grammar[] {
  const first = BY_NAME[preferred];
  // via.placeholder.com's grammar is placehold.co's with other defaults: one or the other.
  const others = [PLACEHOLD, DUMMYIMAGE, FAKEIMG].filter(
    (g) => g !== first && !(g === PLACEHOLD && first === VIA),
  );
  const order = [first, ...others];
  return FAKEIMG.matches(path, query) ? [FAKEIMG, ...order.filter((g) => g !== FAKEIMG)] : order;
}

/** The grammar a refused URL looks most like, whose error (and example) it is shown. */
function closestGrammar(path: string, query: URLSearchParams, preferred: GrammarName): Grammar {
  // By the URL's shape: a font name alone (`?font=lobster`) does not make a URL fakeimg.pl's
  // when its path is written in another grammar.
  const shape = new URLSearchParams(query);
  shape.delete('font');
  return [FAKEIMG, DUMMYIMAGE].find((g) => g.matches(path, shape)) ?? BY_NAME[preferred];
}

/** Query parameters a text image reads besides the common ones. */
const TEXT_PARAMS: readonly string[] = ['size', 'fg', 'bg', 'color', 'padding', 'scale'];

/**
 * Refusals that stop the search: the URL asks for more than this server draws, in any grammar,
 * or a query value no grammar could read better (another would only drop it silently).
 */
const LIMIT_ERRORS: ReadonlySet<string> = new Set([
  'size_out_of_range',
  'area_too_large',
  'text_too_long',
  'bad_query',
]);

/** A grammar's refusal, with an example of its valid form appended. */
function withExample(error: StandinError, grammar: Grammar): StandinError {
  return new StandinError(
    error.code,
    `${error.message} (a valid ${grammar.name} URL looks like ${grammar.example})`,
  );
}

/** Parse a URL path (still percent-encoded) and its query into an ImageSpec, or throw a StandinError. */
export function parseRequest(
  path: string,
  query: URLSearchParams,
  limits: Limits,
  preferred: GrammarName = 'placehold',
): ImageSpec {
  const order = grammarOrder(path, query, preferred);
  const failures = new Map<Grammar, StandinError>();
  for (const grammar of order) {
    try {
      const spec = grammar.parse(path, query, limits, grammar === BY_NAME[preferred]);
      checkFormatSides(spec);
      const warnings = queryWarnings(
        query,
        [...COMMON_PARAMS, ...grammar.params],
        spec.font,
        grammar.knownFont,
      );
      return warnings.length > 0 ? { ...spec, warnings } : spec;
    } catch (error) {
      if (!(error instanceof StandinError)) throw error;
      // Asking for too much, or a value nobody can read, is the answer: another grammar would only read the URL otherwise
      // (fakeimg.pl's ?retina=1 over the area limit must not become placehold.co's SVG).
      if (LIMIT_ERRORS.has(error.code)) throw withExample(error, grammar);
      failures.set(grammar, error);
    }
  }
  const closest = closestGrammar(path, query, preferred);
  const error = failures.get(closest) ?? new StandinError('bad_path', 'no grammar reads this URL');
  throw withExample(error, closest);
}

/**
 * Any URL standin serves: a text image (`/text/...`), an avatar (`/api/...`, ui-avatars.com's)
 * or a placeholder in any grammar.
 */
export function parseAny(
  path: string,
  query: URLSearchParams,
  limits: Limits,
  preferred: GrammarName = 'placehold',
): Request {
  if (isAvatarPath(path)) {
    const spec = parseAvatar(path, query, limits);
    const warnings = [
      ...(spec.warnings ?? []),
      ...queryWarnings(query, [...AVATAR_PARAMS, 'sig'], spec.font),
    ];
    return warnings.length > 0 ? { ...spec, warnings } : spec;
  }
  if (!isTextPath(path)) return parseRequest(path, query, limits, preferred);
  const request = parseTextImage(path, query, limits);
  const warnings = queryWarnings(query, [...COMMON_PARAMS, ...TEXT_PARAMS], request.font);
  return warnings.length > 0 ? { ...request, warnings } : request;
}
