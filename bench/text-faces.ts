/**
 * What each lazily loaded face costs the first request that needs it, in process: reading its
 * cmap, registering it with Skia, and the first layout + draw with it; and the resident
 * memory it adds. One fresh process, faces in the order given.
 *
 *   npx tsx bench/text-faces.ts
 */

import { statSync } from 'node:fs';
import { renderRaster } from '../src/render/draw.js';
import type { ImageSpec } from '../src/spec/types.js';
import { type Face, faceCoverage, faceFiles, registeredFaces } from '../src/text/fonts.js';
import { layoutSpec } from '../src/text/index.js';

const SAMPLES: [Face, string][] = [
  ['noto-sans-sc', '你好，世界'],
  ['noto-sans-tc', '這是繁體中文'],
  ['noto-sans-jp', 'こんにちは'],
  ['noto-sans-kr', '안녕하세요'],
  ['noto-sans-arabic', 'مرحبا'],
  ['noto-sans-devanagari', 'नमस्ते'],
  ['noto-sans-thai', 'สวัสดี'],
  ['twemoji', '👍🏽'],
];

const spec = (text: string): ImageSpec => ({
  width: 600,
  height: 400,
  scale: 1,
  format: 'png',
  background: { r: 221, g: 221, b: 221, a: 255 },
  foreground: { r: 153, g: 153, b: 153, a: 255 },
  text,
  font: 'lato',
});
const rss = () => process.memoryUsage().rss / 2 ** 20;

renderRaster(spec('Hello'), layoutSpec(spec('Hello'))); // Lato and Noto Sans, and Skia warmed up
console.log(
  `| Face | File MB | cmap ms | first render ms (register + draw) | second render ms | RSS added MB |`,
);
console.log('|---|---|---|---|---|---|');
for (const [face, text] of SAMPLES) {
  const before = rss();
  let t = performance.now();
  faceCoverage(face);
  const cmapMs = performance.now() - t;
  t = performance.now();
  renderRaster(spec(text), layoutSpec(spec(text)));
  const firstMs = performance.now() - t;
  t = performance.now();
  renderRaster(spec(`${text} ${text}`), layoutSpec(spec(`${text} ${text}`)));
  const secondMs = performance.now() - t;
  const mb = faceFiles(face).reduce((n, file) => n + statSync(file).size, 0) / 2 ** 20;
  console.log(
    `| ${face} | ${mb.toFixed(1)} | ${cmapMs.toFixed(1)} | ${firstMs.toFixed(1)} | ${secondMs.toFixed(1)} | ${(rss() - before).toFixed(1)} |`,
  );
}
console.log(`registered: ${[...registeredFaces()].join(', ')}`);
