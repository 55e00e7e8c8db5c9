/**
 * Writes test/data/dummyimage-real.json: what dummyimage.com's own code (../shared/peers/
 * dummyimage, PHP + GD under `php -S`) answers for every dummyimage.com URL of
 * bench/real-urls.json: status, format, size and the colour of the top-left pixel. A test holds
 * standin to it. Run it again when the corpus grows (needs Debian's php-cli and php-gd):
 *
 *   npx tsx scripts/peer-expectations.ts
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = fileURLToPath(new URL('..', import.meta.url));
const peer = `${root}../shared/peers/dummyimage`;
const port = 18244;
const { urls } = JSON.parse(readFileSync(`${root}bench/real-urls.json`, 'utf8')) as {
  urls: { host: string; path: string }[];
};

const php = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', peer, `${peer}/router.php`], {
  stdio: 'ignore',
});
try {
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/10x10`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rows = [];
  for (const { host, path } of urls) {
    if (host !== 'dummyimage.com') continue;
    // As the site's nginx hands it over: %26 and %23 decoded in the path.
    const sent = path.replace(/[^\x20-\x7e]+/g, (c) => encodeURIComponent(c));
    const response = await fetch(`http://127.0.0.1:${port}${sent}`);
    const body = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('image/')) {
      rows.push({ path, answer: body.toString('utf8').slice(0, 80) });
      continue;
    }
    const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
    const corner = [...data.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('');
    rows.push({
      path,
      format: type.slice(6).replace('jpg', 'jpeg'),
      width: info.width,
      height: info.height,
      corner,
    });
  }
  writeFileSync(
    `${root}test/data/dummyimage-real.json`,
    `${JSON.stringify({ peer: 'dummyimage.com code.php (kingkool68/dummyimage 19325f3) under php -S', rows }, null, 2)}\n`,
  );
  console.log(`wrote ${rows.length} rows`);
} finally {
  php.kill();
}
