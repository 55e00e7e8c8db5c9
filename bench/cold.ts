/**
 * In process, the cold distribution of `npm run bench`: a new PNG every time, width 300..1299
 * and height 200..1199 drawn at random, rendered one after another the way a render thread
 * does it (the event loop turns between renders, so canvases' finalizers run). Prints the
 * distribution it rendered, then the mean and median per image for layout (the first time and
 * once every word has been seen) and for the whole
 * render + encode, and the process's CPU per image (V8's collector threads included).
 *
 *   npx tsx bench/cold.ts [count]
 */
import { setImmediate as turn } from 'node:timers/promises';
import { DEFAULT_LIMITS } from '../src/config.js';
import { renderImage } from '../src/pipeline/index.js';
import { parseRequest } from '../src/spec/parse.js';
import { layoutSpec } from '../src/text/index.js';

const count = Number(process.argv[2] ?? 2000);
const urls = Array.from({ length: count }, () => {
  const w = 300 + Math.floor(Math.random() * 1000);
  const h = 200 + Math.floor(Math.random() * 1000);
  return `/${w}x${h}.png`;
});
const specs = urls.map((url) => parseRequest(url, new URLSearchParams(), DEFAULT_LIMITS));

const widths = specs.map((s) => s.width);
const heights = specs.map((s) => s.height);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
console.log(
  `rendered ${count}: w ${Math.min(...widths)}..${Math.max(...widths)} mean ${mean(widths).toFixed(0)}, ` +
    `h ${Math.min(...heights)}..${Math.max(...heights)} mean ${mean(heights).toFixed(0)}, ` +
    `area mean ${mean(specs.map((s) => s.width * s.height)).toFixed(0)}`,
);

// Warm up: fonts registered, code compiled.
for (const spec of specs.slice(0, 50)) await renderImage(spec);

/** Microseconds per layout of every spec. */
function timeLayouts(): number[] {
  return specs.map((spec) => {
    const start = performance.now();
    layoutSpec(spec);
    return (performance.now() - start) * 1000;
  });
}
// The first time a word ("1234") is seen it is measured by Skia; a server that has answered a
// few thousand requests of this distribution has seen them all.
const firstLayout = timeLayouts();
const layout = timeLayouts();

const render: number[] = [];
const cpu = process.cpuUsage();
for (const spec of specs) {
  const start = performance.now();
  await renderImage(spec);
  render.push(performance.now() - start);
  await turn();
}
const used = process.cpuUsage(cpu);
console.log(
  `layout: mean ${mean(layout).toFixed(1)} µs, median ${median(layout).toFixed(1)} µs ` +
    `(words seen before; the first time: mean ${mean(firstLayout).toFixed(1)} µs)`,
);
console.log(
  `render + encode: mean ${mean(render).toFixed(3)} ms, median ${median(render).toFixed(3)} ms; ` +
    `process CPU ${((used.user + used.system) / 1000 / count).toFixed(3)} ms an image`,
);
