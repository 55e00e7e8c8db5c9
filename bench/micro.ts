/**
 * In-process micro-benchmark: standin's render + encode per format at 600x400 and 4000x4000
 * (cache bypassed), beside Pillow drawing the same picture (same TTF, size and positions) and
 * encoding it with its defaults, measured in the same run. Medians; ratios are Pillow / standin
 * for time (above 1: standin is faster) and standin / Pillow for bytes (below 1: smaller).
 *
 *   npx tsx bench/micro.ts [--quick] [--json out.json]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import { DEFAULT_LIMITS } from '../src/config.js';
import { renderImage } from '../src/pipeline/index.js';
import { parseRequest } from '../src/spec/parse.js';
import { FORMATS } from '../src/spec/types.js';
import { faceFiles } from '../src/text/fonts.js';
import { layoutSpec } from '../src/text/index.js';

const quick = process.argv.includes('--quick');
const jsonOut = process.argv[process.argv.indexOf('--json') + 1];
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export interface MicroRow {
  size: string;
  format: string;
  standinMs: number;
  standinBytes: number;
  pillowMs?: number;
  pillowEncodeMs?: number;
  pillowBytes?: number;
  timeRatio?: number;
  bytesRatio?: number;
}

function pillow(jobs: object[]): ({ medianMs: number; encodeMs: number; bytes: number } | null)[] {
  try {
    const out = execFileSync(PYTHON, ['bench/pillow.py'], {
      input: JSON.stringify(jobs),
      maxBuffer: 1 << 24,
    });
    return JSON.parse(out.toString());
  } catch (error) {
    console.error(`Pillow reference skipped (${PYTHON} with python3-pil needed): ${String(error)}`);
    return jobs.map(() => null);
  }
}

export async function micro(): Promise<MicroRow[]> {
  const rows: MicroRow[] = [];
  for (const size of ['600x400', '4000x4000']) {
    const big = size === '4000x4000';
    const bench = new Bench({ time: quick ? 200 : big ? 3000 : 1000, iterations: big ? 5 : 20 });
    const bytes = new Map<string, number>();
    const jobs: object[] = [];
    for (const format of FORMATS) {
      const spec = parseRequest(`/${size}/${format}`, new URLSearchParams(), DEFAULT_LIMITS);
      bench.add(format, async () => {
        bytes.set(format, (await renderImage(spec)).body.length);
      });
      const layout = layoutSpec(spec);
      jobs.push({
        width: spec.width,
        height: spec.height,
        bg: [spec.background.r, spec.background.g, spec.background.b],
        fg: [spec.foreground.r, spec.foreground.g, spec.foreground.b],
        text: layout.lines.map((l) => l.text).join('\n'),
        lines: layout.lines.map((l) => [l.x, l.y]),
        // The slice that holds Latin (the first): what the sample text needs.
        font: faceFiles(spec.font)[0],
        fontSize: layout.fontSize,
        format,
        runs: quick ? 3 : big ? 7 : 21,
      });
    }
    await bench.run();
    const reference = pillow(jobs);
    bench.tasks.forEach((task, i) => {
      const result = task.result;
      if (!result || !('latency' in result)) return;
      const standinMs = result.latency.p50 ?? Number.NaN;
      const standinBytes = bytes.get(task.name) ?? 0;
      const ref = reference[i];
      rows.push({
        size,
        format: task.name,
        standinMs,
        standinBytes,
        ...(ref
          ? {
              pillowMs: ref.medianMs,
              pillowEncodeMs: ref.encodeMs,
              pillowBytes: ref.bytes,
              timeRatio: ref.medianMs / standinMs,
              bytesRatio: standinBytes / ref.bytes,
            }
          : {}),
      });
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await micro();
  const round = (v: number | undefined, d = 2) => (v === undefined ? '' : Number(v.toFixed(d)));
  console.table(
    rows.map((r) => ({
      size: r.size,
      format: r.format,
      'standin ms': round(r.standinMs),
      'pillow ms': round(r.pillowMs),
      'pillow/standin time': round(r.timeRatio),
      'standin B': r.standinBytes,
      'pillow B': r.pillowBytes ?? '',
      'standin/pillow bytes': round(r.bytesRatio),
    })),
  );
  if (jsonOut && process.argv.includes('--json'))
    writeFileSync(jsonOut, JSON.stringify(rows, null, 2));
}
