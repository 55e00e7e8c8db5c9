import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { nearest } from '../../src/spec/suggest.js';

describe('did you mean', () => {
  it.each([
    ['pgn', ['png', 'gif'], 'png'],
    ['jpe', ['jpeg', 'png'], 'jpeg'],
    ['robto', ['roboto', 'lato'], 'roboto'],
    ['ORAGNE', ['orange', 'red'], 'orange'],
    ['zzz', ['png', 'gif'], undefined],
    ['completely-different', ['roboto'], undefined],
    ['', ['png'], undefined],
  ] as const)('%s → %s', (input, candidates, expected) => {
    expect(nearest(input, candidates)).toBe(expected);
  });

  it('suggests in the messages a user reads', () => {
    expect(() => parse('/600x400.pgn')).toThrow('got "pgn" (did you mean png?)');
    expect(() => parse('/600x400/oragne')).toThrow('(did you mean orange?)');
    expect(() => parse('/text/png?text=hi&font=robto')).toThrow('(did you mean roboto?)');
    expect(parse('/600x400?font=robto').warnings).toEqual([
      'unknown font "robto", drawn in lato (did you mean roboto?)',
    ]);
  });

  it('names the grammar the URL is shaped in, not the one a font belongs to', () => {
    expect(() => parse('/600x400/zzz/fff?font=lobster')).toThrow('a valid placehold.co URL');
    expect(() => parse('/600x400/zzz/?font=lobster')).toThrow('a valid fakeimg.pl URL');
    expect(() => parse('/600,400')).toThrow('a valid placehold.co URL');
  });
});
