/**
 * One case table run against every grammar on its own (as hono runs one suite against every
 * router): what the three grammars share must come out the same, whatever each one's defaults.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import { GRAMMARS } from '../../src/spec/parse.js';
import { PROTOTYPE_NAMES } from '../fuzz.js';

type Case =
  | { url: string; size: [number, number]; background?: string; foreground?: string; text?: string }
  | { url: string; refused: string };

const CASES: readonly Case[] = [
  { url: '/600x400', size: [600, 400] },
  { url: '/300', size: [300, 300] },
  { url: '/1x1', size: [1, 1] },
  { url: '/4000x4000', size: [4000, 4000] },
  { url: '/600x400/ff0000/00ff00', size: [600, 400], background: 'ff0000', foreground: '00ff00' },
  { url: '/600x400/f00/0f0', size: [600, 400], background: 'ff0000', foreground: '00ff00' },
  { url: '/600x400/000000/FFFFFF', size: [600, 400], background: '000000', foreground: 'ffffff' },
  { url: '/600x400?text=Hi', size: [600, 400], text: 'Hi' },
  { url: '/600x400?text=a%20b', size: [600, 400], text: 'a b' },
  { url: '/4001x10', refused: 'size_out_of_range' },
  { url: '/0x10', refused: 'size_out_of_range' },
  { url: '/99999x99999', refused: 'size_out_of_range' },
  { url: '/abc', refused: 'bad_size' },
  { url: '/600x400/zzzzzz/000', refused: 'bad_colour' },
  ...PROTOTYPE_NAMES.map((name) => ({ url: `/${name}`, refused: 'bad_size' })),
];

const hex = (c: { r: number; g: number; b: number }) =>
  [c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('');

describe.each(GRAMMARS.map((grammar) => [grammar.name, grammar] as const))(
  '%s',
  (_name, grammar) => {
    it.each(CASES.map((c) => [c.url, c] as const))('%s', (url, c) => {
      const [path = '', query = ''] = url.split('?');
      const read = () => grammar.parse(path, new URLSearchParams(query), DEFAULT_LIMITS);
      if ('refused' in c) {
        expect(read).toThrow(StandinError);
        expect(read).toThrow(expect.objectContaining({ code: c.refused }));
        return;
      }
      const spec = read();
      expect([spec.width, spec.height]).toEqual(c.size);
      if (c.background) expect(hex(spec.background)).toBe(c.background);
      if (c.foreground) expect(hex(spec.foreground)).toBe(c.foreground);
      if (c.text) expect(spec.text).toBe(c.text);
    });

    it('says whether a URL carries its marks', () => {
      expect(typeof grammar.matches('/600x400', new URLSearchParams())).toBe('boolean');
    });
  },
);
