#!/usr/bin/env bash
# Build the files of standin's container image into DIR, the same steps the Dockerfile runs
# (it calls this script), so that a test can build and start them where Docker cannot run:
#   1. in a scratch copy: npm ci (with the compiler), npm run build
#   2. in DIR: package.json and the lock file, npm ci --omit=dev, then dist/ and public/
# Install scripts are skipped: sharp and @napi-rs/canvas come as prebuilt optional packages.
#   scripts/image-root.sh DIR
set -euo pipefail
out="${1:?usage: scripts/image-root.sh DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

cp "$root/package.json" "$root/package-lock.json" "$root/tsconfig.json" "$root/tsconfig.build.json" "$build/"
cp -r "$root/src" "$build/src"
(cd "$build" && npm ci --ignore-scripts --no-audit --no-fund && npm run build)

mkdir -p "$out"
cp "$root/package.json" "$root/package-lock.json" "$out/"
(cd "$out" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force 2>/dev/null || true)
rm -rf "$out/dist" "$out/public"
cp -r "$build/dist" "$out/dist"
cp -r "$root/public" "$out/public"
echo "image-root: $out ready ($(du -sh "$out" | cut -f1))"
