/**
 * "Did you mean …?": the nearest valid value to a misspelled one, by edit distance
 * (fastest-levenshtein), when it is near enough to be a typo rather than another word.
 */
import { distance } from 'fastest-levenshtein';

/** The candidate nearest to `input`, if within a third of its length (at least one edit). */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
  const value = input.trim().toLowerCase();
  if (value === '' || value.length > 40) return undefined;
  const limit = Math.max(1, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = swapped(value, candidate) ? 1 : distance(value, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Do `a` and `b` differ only by two neighbouring letters swapped (`pgn`, `png`)? */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const at = [...a].findIndex((c, i) => c !== b[i]);
  return (
    at >= 0 &&
    at + 1 < a.length &&
    a[at] === b[at + 1] &&
    a[at + 1] === b[at] &&
    a.slice(at + 2) === b.slice(at + 2)
  );
}

/** ` (did you mean x?)` for a message, or nothing. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const guess = nearest(input, candidates);
  return guess === undefined ? '' : ` (did you mean ${guess}?)`;
}
