/** fast-check arbitraries for hostile URLs, shared by the parser and live-server fuzz tests. */
import fc from 'fast-check';
import { AVATAR_PARAMS } from '../src/spec/grammars/avatar.js';

/** Names that reach Object.prototype when a table is indexed without an own-property check. */
export const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
] as const;
const prototypeName = fc.constantFrom(...PROTOTYPE_NAMES);

const digits = fc.oneof(
  fc.nat({ max: 5000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
  fc.constantFrom('0', '00', '-1', '1e9', '4000', '4001', '1.5', ' 1', 'NaN', 'Infinity'),
);

const size = fc
  .tuple(
    digits,
    fc.option(digits),
    fc.option(fc.constantFrom('@1x', '@2x', '@3x', '@4x', '@99x', '@x', '@-1x')),
  )
  .map(([w, h, s]) => `${w}${h === null ? '' : `x${h}`}${s ?? ''}`);

const colour = fc.oneof(
  fc.stringMatching(/^[0-9a-fA-F]{1,9}$/),
  fc.constantFrom(
    'orange',
    'transparent',
    'rebeccapurple',
    '%23fff',
    '#fff',
    'ff0000,128',
    'nocolour',
  ),
);

const format = fc.constantFrom(
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'avif',
  'svg',
  'bmp',
  'PNG',
  'tiff',
  '',
);

const junk = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom(
    '%',
    '%2',
    '%ZZ',
    '%00',
    '%0A',
    '%E0%A4%A',
    '..',
    '.',
    '%2F',
    '%25',
    '%C0%AF',
    '\\',
    'x'.repeat(300),
  ),
);

const segment = fc.oneof(size, colour, format, junk, prototypeName, fc.constant('api'));

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'text',
        'Text',
        'font',
        'font-size',
        'font_size',
        'line-height',
        'retina',
        'radius',
        'radius_tl',
        // ui-avatars.com's, under /api/
        ...AVATAR_PARAMS,
        'x',
        ...PROTOTYPE_NAMES,
      ),
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('lato', 'comic', '9e99', '-5', '', '<script>alert(1)</script>'),
        prototypeName,
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

/** A URL path and query: mostly near-valid, often hostile. */
export const hostileUrl = fc
  .tuple(
    fc.array(segment, { minLength: 0, maxLength: 6 }),
    fc.option(fc.tuple(fc.constant('.'), fc.oneof(format, prototypeName))),
    query,
  )
  .map(([segments, extension, q]) => {
    const path = `/${segments.join('/')}${extension ? extension.join('') : ''}`;
    return q === '' ? path : `${path}?${q}`;
  });
