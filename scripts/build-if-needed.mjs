#!/usr/bin/env node
// Build dist/ from src/ only when it is missing or older than the sources, so that `npm start`
// starts at once when the build is current, and `npm ci --omit=dev` (no compiler) installs.
// Plain JavaScript with no dependencies: it runs before anything is built or installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', 'cli', 'main.js');

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  newest(join(root, 'src')),
  ...['tsconfig.json', 'tsconfig.build.json']
    .map((file) => join(root, file))
    .filter(existsSync)
    .map((file) => statSync(file).mtimeMs),
);
const built = existsSync(stamp) ? newest(join(root, 'dist')) : 0;

if (sources === 0 || (built > 0 && built >= sources)) process.exit(0); // installed package, or current

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (built > 0) {
    console.warn(
      'standin: dist/ is older than src/ and TypeScript is not installed; using dist/ as it is',
    );
    process.exit(0);
  }
  console.warn(
    'standin: not built, and TypeScript (a dev dependency) is not installed. Run "npm ci" (with dev dependencies), or install the published package, which is built.',
  );
  // Installing succeeds (npm ci --omit=dev); starting says why it cannot.
  process.exit(process.env.npm_lifecycle_event === 'prestart' ? 1 : 0);
}

console.log('standin: building dist/ (tsc)');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
