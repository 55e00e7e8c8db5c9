/**
 * Real dummyimage.com URLs found in public code (bench/real-urls.json), each answered by
 * dummyimage.com's own code (test/data/dummyimage-real.json, written by
 * scripts/peer-expectations.ts from the runnable peer): a server set to read URLs as
 * dummyimage.com does (STANDIN_GRAMMAR=dummyimage) must give the same format, size and
 * background. Where the peer's answer is garbage, standin differs on purpose (listed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';

interface Row {
  readonly path: string;
  readonly format?: string;
  readonly width?: number;
  readonly height?: number;
  readonly corner?: string;
  readonly answer?: string;
}

const { rows } = JSON.parse(
  readFileSync(new URL('../data/dummyimage-real.json', import.meta.url), 'utf8'),
) as { rows: Row[] };

/** Paths where standin answers better than the peer, and why. */
const ON_PURPOSE: Readonly<Record<string, string>> = {};

const channels = (hex: string) => [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

describe('real dummyimage.com URLs, against its own code', () => {
  it('holds at least 80 URLs, every one answered with an image by the peer', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
    expect(rows.filter((row) => row.answer !== undefined)).toEqual([]);
  });

  it.each(rows.filter((row) => !(row.path in ON_PURPOSE)).map((row) => [row.path, row] as const))(
    '%s',
    (path, row) => {
      const spec = parse(path, { grammar: 'dummyimage' });
      expect([spec.format, spec.width, spec.height]).toEqual([row.format, row.width, row.height]);
      const ours = [spec.background.r, spec.background.g, spec.background.b];
      const theirs = channels(row.corner ?? '');
      // JPEG moves a flat colour by a few levels.
      const tolerance = row.format === 'jpeg' ? 6 : 0;
      ours.forEach((value, i) => {
        expect(Math.abs(value - (theirs[i] ?? -99))).toBeLessThanOrEqual(tolerance);
      });
    },
  );
});
