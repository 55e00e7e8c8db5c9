/** Sealing a text image: its options as a query string, validated, then sealed. */
import { parseTextImage } from '../spec/grammars/text.js';
import type { Limits, TextImageSpec } from '../spec/types.js';
import type { KeyRing } from './keys.js';
import { sealPayload } from './token.js';

export interface SealTextOptions {
  readonly font?: string;
  /** Font size in CSS pixels (4..400, default 32). */
  readonly size?: number;
  readonly fg?: string;
  readonly bg?: string;
  readonly padding?: number;
  /** png (default), svg, webp, jpeg, gif, avif: sealed, and the extension of the path. */
  readonly format?: string;
  /** Unix seconds after which the link stops working. */
  readonly expiresAt?: number;
}

/**
 * The path of a sealed text image, `/t/{token}.{format}`: the text and its options travel
 * encrypted and authenticated. Checked against the limits first, so a link always renders.
 */
export function sealText(
  text: string,
  options: SealTextOptions,
  ring: KeyRing,
  limits: Limits,
): string {
  return sealTextImage(text, options, ring, limits).path;
}

/** sealText, with the text image the path opens to (for its size, without opening the token). */
export function sealTextImage(
  text: string,
  options: SealTextOptions,
  ring: KeyRing,
  limits: Limits,
): { path: string; request: TextImageSpec } {
  const query = new URLSearchParams({ text });
  if (options.font !== undefined) query.set('font', options.font);
  if (options.size !== undefined) query.set('size', String(options.size));
  if (options.fg !== undefined) query.set('fg', options.fg);
  if (options.bg !== undefined) query.set('bg', options.bg);
  if (options.padding !== undefined) query.set('padding', String(options.padding));
  const format = options.format ?? 'png';
  const request = parseTextImage(`/text/${format}`, query, limits);
  // The format is sealed with the rest: the server refuses any other extension on the path.
  query.set('format', format);
  const token = sealPayload(
    query.toString(),
    ring,
    options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt },
  );
  return { path: `/t/${token}.${format}`, request };
}
