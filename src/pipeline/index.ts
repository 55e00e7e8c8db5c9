/** ImageSpec → encoded bytes: layout, draw, encode. The whole pipeline after parsing. */
import { hash } from 'node:crypto';
import { encodeRaster } from '../encode/encode.js';
import {
  encodeIndexedGif,
  encodeIndexedPng,
  expandIndexed,
  hasPartialAlpha,
} from '../encode/indexed.js';
import { encodeIndexedJpeg } from '../encode/jpeg.js';
import { MIME_TYPES } from '../encode/types.js';
import { encodeIndexedWebp, WEBP_BLEND_LEVELS } from '../encode/webp.js';
import { isTwoColour, renderIndexed } from '../render/coverage.js';
import { renderRaster, renderSvg } from '../render/draw.js';
import { canComposeSvg, composeSvg } from '../render/svg-fast.js';
import type { Format, ImageSpec } from '../spec/types.js';
import { layoutSpec } from '../text/index.js';

export interface RenderedImage {
  readonly body: Buffer;
  readonly contentType: string;
  readonly format: Format;
  /** Strong entity tag: a hash of the bytes, quoted as HTTP wants it. */
  readonly etag: string;
}

/** A strong ETag for `body`: 128 bits of SHA-256 in base64url. */
export function etagOf(body: Buffer): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 22)}"`;
}

const GIF_BLEND_LEVELS = 32;

/** Coverage levels kept, by format: PNG and JPEG keep every blend. */
function blendLevels(format: Format): number {
  if (format === 'gif') return GIF_BLEND_LEVELS;
  if (format === 'webp') return WEBP_BLEND_LEVELS;
  return 256;
}

/**
 * Two-colour pictures are drawn as the text's coverage and a palette (only the band of text is
 * drawn): PNG, GIF, JPEG and WebP are written from it directly (smaller and faster, see
 * docs/benchmarks.md), AVIF gets raw pixels filled from it. SVG is drawn as outlines; pictures
 * with colour glyphs or rounded corners are drawn whole, as RGBA.
 */
async function encode(spec: ImageSpec, layout: ReturnType<typeof layoutSpec>): Promise<Buffer> {
  if (spec.format === 'svg') {
    return canComposeSvg(spec, layout) ? composeSvg(spec, layout) : renderSvg(spec, layout);
  }
  const opaque = spec.background.a === 255 && spec.foreground.a === 255 && !spec.radius;
  if (isTwoColour(spec)) {
    // GIF's LZW grows with every extra colour: 32 blends keep edges smooth (a step of 1/31 of
    // the colour difference) and GIFs smaller than Pillow's; WebP packs two pixels a byte
    // with 16; PNG keeps every blend exact.
    // Each encoder below is done with the picture before this thread renders another.
    const indexed = renderIndexed(spec, layout, blendLevels(spec.format), { scratch: true });
    if (spec.format === 'png') return encodeIndexedPng(indexed);
    if (spec.format === 'jpeg') return encodeIndexedJpeg(indexed);
    if (spec.format === 'webp') return encodeIndexedWebp(indexed);
    if (spec.format === 'gif' && !hasPartialAlpha(indexed)) return encodeIndexedGif(indexed);
    return encodeRaster(expandIndexed(indexed), spec.format, { opaque });
  }
  return encodeRaster(renderRaster(spec, layout), spec.format, { opaque });
}

/** Render and encode one image. Deterministic: the same spec always gives the same bytes. */
export async function renderImage(spec: ImageSpec): Promise<RenderedImage> {
  const layout = layoutSpec(spec);
  const body = await encode(spec, layout);
  return { body, contentType: MIME_TYPES[spec.format], format: spec.format, etag: etagOf(body) };
}
