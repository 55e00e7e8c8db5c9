/**
 * The outline rasteriser (render/rasterize.ts) and the coverage it gives placed glyphs
 * (render/coverage.ts): exact areas for shapes whose area is known, and for text the picture
 * Skia draws (same glyphs in the same places; edges differ by Skia's hinting and gamma) and
 * the picture the SVG answer is (the same outlines, rasterised by librsvg).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import type { IndexedImage } from '../../src/encode/types.js';
import { renderIndexed } from '../../src/render/coverage.js';
import { canPlaceGlyphs } from '../../src/render/outlines.js';
import { Accumulator } from '../../src/render/rasterize.js';
import { CoverageRuns } from '../../src/render/runs.js';
import { composeSvg } from '../../src/render/svg-fast.js';
import { parseRequest } from '../../src/spec/parse.js';
import { FONTS } from '../../src/spec/types.js';
import { layoutSpec } from '../../src/text/index.js';

/** The coverage bytes of a grid's cells, 0..255 a pixel, `width` per row. */
function bytesOf(cells: Accumulator): Uint8Array {
  const runs = new CoverageRuns(cells.width, cells.height);
  cells.runs(runs, new Uint8Array(256));
  const out = new Uint8Array(cells.width * cells.height);
  runs.fillBytes(out);
  return out;
}

/** Coverage of a closed polygon, as 0..1 per pixel. */
function fill(width: number, height: number, ...contours: [number, number][][]): number[] {
  const cells = new Accumulator(width, height);
  for (const points of contours) {
    points.forEach(([x0, y0], i) => {
      const [x1, y1] = points[(i + 1) % points.length] as [number, number];
      cells.line(x0, y0, x1, y1);
    });
  }
  return Array.from(bytesOf(cells), (c) => c / 255);
}

const rect = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

describe('Accumulator', () => {
  it('covers each pixel by the area inside the edges', () => {
    // x from 1.25 to 3.5, y from 0.5 to 2: first column 3/4, last 1/2; first row half.
    const c = fill(5, 3, rect(1.25, 0.5, 3.5, 2));
    const at = (x: number, y: number) => c[y * 5 + x] ?? -1;
    expect(at(0, 1)).toBe(0);
    expect(at(1, 1)).toBeCloseTo(0.75, 2);
    expect(at(2, 1)).toBeCloseTo(1, 2);
    expect(at(3, 1)).toBeCloseTo(0.5, 2);
    expect(at(1, 0)).toBeCloseTo(0.375, 2);
    expect(at(2, 0)).toBeCloseTo(0.5, 2);
    expect(at(4, 1)).toBe(0);
    expect(at(2, 2)).toBe(0);
  });

  it('covers a slanted edge by its exact area', () => {
    // A right triangle over a 4x4 square: its diagonal halves every pixel on it.
    const c = fill(4, 4, [
      [0, 0],
      [4, 4],
      [0, 4],
    ]);
    for (let i = 0; i < 4; i++) expect(c[i * 4 + i]).toBeCloseTo(0.5, 2);
    expect(c[3 * 4]).toBeCloseTo(1, 2);
    expect(c[3]).toBe(0);
  });

  it('starts from empty cells after grids that were read, or dropped before they were', () => {
    const abandoned = new Accumulator(8, 8);
    abandoned.line(0, 0, 0, 8);
    abandoned.line(8, 8, 8, 0);
    bytesOf(abandoned); // read: cells left clean
    const dirty = new Accumulator(8, 8);
    dirty.line(0, 0, 0, 8); // dropped before it was read: the next grid clears its cells
    expect(fill(8, 8, rect(2, 2, 4, 4)).reduce((sum, c) => sum + c, 0)).toBeCloseTo(4, 2);
    expect(fill(4, 4, rect(0, 0, 1, 1))[3]).toBe(0);
  });

  it('draws a band taller than one strip of cells the same as in one piece', () => {
    // 2000 wide: a strip holds 1047 rows of cells; the triangle's diagonal crosses the seam.
    const [width, height] = [2000, 1500];
    const c = fill(width, height, [
      [0, 0],
      [width, height],
      [0, height],
    ]);
    for (const y of [10, 1045, 1046, 1047, 1048, 1400]) {
      const x = Math.floor((y * width) / height);
      expect(c[y * width + Math.max(0, x - 2)]).toBeCloseTo(1, 2);
      expect(c[y * width + Math.min(width - 1, x + 3)]).toBe(0);
    }
    const area = c.reduce((sum, v) => sum + v, 0);
    expect(Math.abs(area - (width * height) / 2) / ((width * height) / 2)).toBeLessThan(1e-3);
  });

  it('fills by non-zero winding: a counter-contour is a hole, an overlap is not twice as dark', () => {
    const hole = fill(6, 6, rect(0, 0, 6, 6), rect(2, 2, 4, 4).reverse());
    expect(hole[3 * 6 + 3]).toBe(0);
    expect(hole[0]).toBeCloseTo(1, 2);
    const overlap = fill(6, 6, rect(0, 0, 4, 4), rect(2, 2, 6, 6));
    expect(overlap[3 * 6 + 3]).toBeCloseTo(1, 2);
  });

  it('cuts curves finely enough: a circle of radius 20 covers π r² to within 0.5%', () => {
    const cells = new Accumulator(50, 50);
    // Four cubic quarter arcs (k = 0.5523 makes them within 0.03% of a circle).
    const k = 0.5522847 * 20;
    const [cx, cy] = [25, 25];
    cells.path(
      [
        { op: 'M', args: [20, 0] },
        { op: 'C', args: [20, k, k, 20, 0, 20] },
        { op: 'C', args: [-k, 20, -20, k, -20, 0] },
        { op: 'C', args: [-20, -k, -k, -20, 0, -20] },
        { op: 'C', args: [k, -20, 20, -k, 20, 0] },
        { op: 'Z', args: [] },
      ],
      cx,
      cy,
      1,
    );
    const area = bytesOf(cells).reduce((sum, c) => sum + c / 255, 0);
    // Lines inside the curve lose at most TOLERANCE (0.05 px) along the perimeter: 0.5%.
    expect(Math.abs(area - Math.PI * 400) / (Math.PI * 400)).toBeLessThan(0.005);
  });
});

const spec = (path: string, query: Record<string, string> = {}) =>
  parseRequest(path, new URLSearchParams(query), DEFAULT_LIMITS);

/** The coverage of the whole picture, 0..255 a pixel. */
function wholeCoverage(image: IndexedImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height);
  for (let y = 0; y < image.bandHeight; y++) {
    const row = image.coverage.subarray(y * image.bandWidth, (y + 1) * image.bandWidth);
    out.set(row, (image.top + y) * image.width + image.left);
  }
  return out;
}

const TEXTS = ['600 × 400', 'Hello World', 'AVATAR Wave, Typo', 'Àéîõü ñ ß', '1234x5678'];

/** Sum of |a - b| with `b` moved by (dx, dy) pixels, over a picture `width` wide. */
function shiftedDifference(a: Uint8Array, b: Uint8Array, width: number, dx: number, dy: number) {
  const height = a.length / width;
  let sum = 0;
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      sum += Math.abs((a[y * width + x] ?? 0) - (b[(y + dy) * width + x + dx] ?? 0));
    }
  }
  return sum;
}

describe('text filled from outlines', () => {
  it.each(FONTS.filter((f) => f !== 'inter' && f !== 'lobster'))(
    'draws the glyphs Skia draws, where Skia draws them, in %s',
    (font) => {
      for (const text of TEXTS) {
        for (const size of ['/300x300', '/1200x600']) {
          const s = spec(`${size}/ffffff/000000`, { text, font });
          const layout = layoutSpec(s);
          if (!canPlaceGlyphs(s, layout)) continue;
          const ours = wholeCoverage(renderIndexed(s, layout));
          const skia = wholeCoverage(renderIndexed(s, layout, 256, { rasteriser: 'skia' }));
          const name = `${font} at ${size}: ${text}`;
          let ink = 0;
          let far = 0;
          for (let i = 0; i < ours.length; i++) {
            const a = ours[i] ?? 0;
            const b = skia[i] ?? 0;
            if (a > 0 || b > 0) ink++;
            if (Math.abs(a - b) > 128) far++;
          }
          // Skia hints (moves horizontal edges by up to half a pixel) and applies a contrast
          // curve, so edges differ; but almost no pixel is on the other side of an edge...
          expect(ink, name).toBeGreaterThan(500);
          expect(far / ink, name).toBeLessThan(0.1);
          // ...and the glyphs stand where Skia's stand: a pixel either way is worse.
          const width = s.width;
          const here = shiftedDifference(skia, ours, width, 0, 0);
          for (const [dx, dy] of [
            [-1, 0],
            [1, 0],
            [0, -2],
            [0, 2],
          ] as const) {
            expect(here, `${name}, moved ${dx},${dy}`).toBeLessThan(
              shiftedDifference(skia, ours, width, dx, dy),
            );
          }
        }
      }
    },
  );

  it('is the picture the SVG answer is (the same outlines, rasterised by librsvg)', async () => {
    for (const text of TEXTS) {
      const s = spec('/480x160/ffffff/000000', { text });
      const layout = layoutSpec(s);
      const ours = wholeCoverage(renderIndexed(s, layout));
      // The raster puts the baseline on a whole pixel, as Skia does; the SVG keeps it exact.
      const y = layout.lines[0]?.y ?? 0;
      const document = composeSvg(s, layout)
        .toString()
        .replace('<path ', `<path transform="translate(0 ${Math.round(y) - y})" `);
      const svg = await sharp(Buffer.from(document)).greyscale().raw().toBuffer();
      let difference = 0;
      let far = 0;
      for (let i = 0; i < ours.length; i++) {
        const d = Math.abs((ours[i] ?? 0) - (255 - (svg[i] ?? 0)));
        difference += d;
        if (d > 32) far++;
      }
      expect(difference / ours.length, text).toBeLessThan(0.5);
      expect(far, text).toBeLessThan(20);
    }
  });

  it('draws the same coverage into the kept array as into a fresh one, picture after picture', () => {
    const draw = (path: string, text: string, scratch: boolean) => {
      const s = spec(path, { text });
      const { runs, ...image } = renderIndexed(s, layoutSpec(s), 256, { scratch });
      const end = runs?.rowStarts[image.bandHeight] ?? 0;
      return {
        ...image,
        coverage: Uint8Array.from(image.coverage),
        runs: runs && {
          values: runs.values.slice(0, end),
          counts: runs.counts.slice(0, end),
          rowStarts: runs.rowStarts.slice(),
        },
      };
    };
    const pictures: [string, string][] = [
      ['/800x700.png', 'Hello World'],
      ['/300x200.png', 'Ag'],
      ['/1200x630.png', 'Open Graph'],
      ['/800x700.png', 'Hello World'],
    ];
    for (const [path, text] of pictures) {
      const kept = draw(path, text, true);
      const fresh = draw(path, text, false);
      expect(kept.coverage.some((c) => c > 0)).toBe(true);
      expect(kept).toEqual(fresh);
    }
  });

  it('scales with retina pictures', () => {
    const s1 = spec('/600x200.png', { text: 'Retina' });
    const s2 = spec('/600x200@2x.png', { text: 'Retina' });
    const [one, two] = [s1, s2].map((s) => renderIndexed(s, layoutSpec(s)));
    expect(two?.width).toBe(1200);
    // Bands keep a margin of 2 pixels around the ink (rounded out) at either scale.
    const ink = (band = 0) => band - 4;
    for (const ratio of [
      ink(two?.bandWidth) / ink(one?.bandWidth),
      ink(two?.bandHeight) / ink(one?.bandHeight),
    ]) {
      expect(ratio).toBeGreaterThan(1.85);
      expect(ratio).toBeLessThan(2.15);
    }
  });

  it('leaves text past the edge of the picture to Skia, which clips it', () => {
    // Glyphs 60 px tall in a picture 40 px tall.
    const big = spec('/100x40', { text: 'Hg', font_size: '60' });
    const image = renderIndexed(big, layoutSpec(big));
    expect(image.top).toBe(0);
    expect(image.bandHeight).toBe(40);
    expect(Math.max(...image.coverage)).toBe(255);
  });
});
