/**
 * Renders the README gallery (docs/gallery/*.png): one picture per script group, and emoji.
 * Drawn by the raster path (render/draw.ts), as the golden images are.
 *
 *   npx tsx scripts/gallery.ts
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../src/config.js';
import { encodeRaster } from '../src/encode/encode.js';
import { renderRaster } from '../src/render/draw.js';
import { parseRequest } from '../src/spec/parse.js';
import { layoutSpec } from '../src/text/index.js';

/** File name, URL path and text of each picture (the URL a reader can try). */
export const GALLERY: readonly [string, string, string][] = [
  ['latin-greek-cyrillic', '/360x140/1e3a5f/ffffff', 'Crème brûlée\nΚαλημέρα · Привет'],
  ['chinese', '/360x140/b91c1c/fff7ed', '你好，世界\n這是繁體中文'],
  ['japanese', '/360x140/fef3c7/92400e', 'こんにちは、世界'],
  ['korean', '/360x140/e0f2fe/075985', '안녕하세요, 세계'],
  ['arabic-hebrew', '/360x140/14532d/f0fdf4', 'مرحبا بالعالم\nשלום עולם'],
  ['devanagari-thai', '/360x140/581c87/faf5ff', 'नमस्ते दुनिया\nสวัสดีชาวโลก'],
  ['emoji', '/360x140/f1f5f9/334155', 'Hi 👋 👩‍💻 👍🏽 🇯🇵 🎉'],
];

for (const [name, path, text] of GALLERY) {
  const spec = parseRequest(`${path}/png`, new URLSearchParams({ text }), DEFAULT_LIMITS);
  const png = await encodeRaster(renderRaster(spec, layoutSpec(spec)), 'png', { opaque: true });
  writeFileSync(`docs/gallery/${name}.png`, png);
  console.log(
    `docs/gallery/${name}.png ${png.length} bytes  ${path}?text=${encodeURIComponent(text)}`,
  );
}
