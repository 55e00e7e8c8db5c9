/**
 * 380 real placehold.co, placehold.it, via.placeholder.com and fakeimg.pl URLs found in public
 * code (bench/real-urls.json), each with what its service answers, read from that service's
 * documentation (test/data/real-urls-expected.json, written by scripts/real-url-expectations.ts,
 * sources inside). A deployment replacing the host (STANDIN_GRAMMAR for it) must give the same
 * status, format, output size and background. Where the service's answer is worse than a
 * clear one, standin differs on purpose, listed with the reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StandinError } from '../../src/errors.js';
import { parse, render } from '../../src/index.js';
import type { GrammarName } from '../../src/spec/parse.js';
import { decode, pixel } from '../helpers.js';

interface Row {
  readonly host: string;
  readonly path: string;
  readonly grammar: GrammarName;
  readonly expected: {
    readonly status: number;
    readonly format?: string;
    readonly width?: number;
    readonly height?: number;
    readonly corner?: string;
  };
}

const { rows, sources } = JSON.parse(
  readFileSync(new URL('../data/real-urls-expected.json', import.meta.url), 'utf8'),
) as { rows: Row[]; sources: Record<string, string> };

/** URLs where standin answers otherwise on purpose, and why. */
const ON_PURPOSE: Readonly<Record<string, string>> = {
  'placehold.it/350x150/990000/ffffff/':
    "A trailing slash with no extension is fakeimg.pl's mark, so standin reads the URL as fakeimg.pl's (a PNG of the same size and colours) where placehold.co draws an SVG: the precedence rule of docs/grammars.md, which keeps fakeimg.pl's own URLs right.",
  'placehold.it/800x600/ddd/fff&text=Beetle%20image':
    "`&text=` written into the path is dummyimage.com's form: standin draws the image with its text, where placehold.co's reading refuses the last colour. A picture beats a broken image.",
};

const hexOf = (c: { r: number; g: number; b: number; a: number }) =>
  [c.r, c.g, c.b, ...(c.a === 255 ? [] : [c.a])]
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('');

function answer(row: Row) {
  try {
    const spec = parse(row.path, { grammar: row.grammar });
    return {
      status: 200,
      format: spec.format,
      width: spec.width * spec.scale,
      height: spec.height * spec.scale,
      corner: hexOf(spec.background),
    };
  } catch (error) {
    if (error instanceof StandinError) return { status: error.status };
    throw error;
  }
}

describe('real URLs of four services, against their documentation', () => {
  it('holds at least 300 URLs, every host with its source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const host of new Set(rows.map((r) => r.host))) expect(sources[host]).toBeTruthy();
  });

  it.each(
    rows
      .filter((r) => !(`${r.host}${r.path}` in ON_PURPOSE))
      .map((r) => [r.host, r.path, r] as const),
  )('%s%s', (_host, _path, row) => {
    const ours = answer(row);
    if (row.expected.status === 200) expect(ours).toEqual(row.expected);
    else expect(ours.status).toBe(row.expected.status);
  });

  it.each(Object.entries(ON_PURPOSE))(
    '%s differs on purpose, and still answers an image',
    (url) => {
      const row = rows.find((r) => `${r.host}${r.path}` === url);
      if (!row) throw new Error(`${url} is not in the corpus`);
      expect(answer(row)).toMatchObject({ status: 200 });
    },
  );

  it('draws the background it promises, in the format it names (a sample, decoded)', async () => {
    const sample = rows.filter((r, i) => r.expected.status === 200 && i % 12 === 0);
    expect(sample.length).toBeGreaterThan(25);
    for (const row of sample) {
      const image = await render(row.path, { grammar: row.grammar });
      expect(image.format, row.path).toBe(row.expected.format);
      const pixels = await decode(image.body);
      expect([pixels.width, pixels.height], row.path).toEqual([
        row.expected.width,
        row.expected.height,
      ]);
      const want = row.expected.corner ?? '';
      const [r, g, b] = pixel(pixels, 0, 0);
      const tolerance = image.format === 'jpeg' ? 6 : 0;
      [r, g, b].forEach((v, i) => {
        const w = Number.parseInt(want.slice(i * 2, i * 2 + 2), 16);
        expect(Math.abs(v - w), `${row.path} channel ${i}`).toBeLessThanOrEqual(tolerance);
      });
    }
  }, 60_000);
});
