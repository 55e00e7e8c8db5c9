/**
 * Signed URLs: with STANDIN_SIGNING_KEY set, the server renders only URLs that carry a valid
 * `sig`: an HMAC-SHA256 of the path and query exactly as sent, minus the `sig` parameter, so
 * nobody else can use the server to draw arbitrary text on your domain or to exhaust it with
 * unique sizes. A proxy in front must pass the URL through unchanged (no re-encoding).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { StandinError } from '../errors.js';
import type { Key, KeyRing } from './keys.js';

const SIG_BYTES = 16;

/** The URL without its `sig` parameter, and the signature it carried (if any). */
function split(pathAndQuery: string): { unsigned: string; sig: string | undefined } {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return { unsigned: pathAndQuery, sig: undefined };
  const path = pathAndQuery.slice(0, q);
  let sig: string | undefined;
  const kept = pathAndQuery
    .slice(q + 1)
    .split('&')
    .filter((pair) => {
      if (pair.startsWith('sig=')) {
        sig = sig === undefined ? pair.slice(4) : '';
        return false;
      }
      return true;
    });
  return { unsigned: kept.length > 0 ? `${path}?${kept.join('&')}` : path, sig };
}

function signature(key: Key, unsigned: string): Buffer {
  return createHmac('sha256', key.signKey).update(unsigned).digest().subarray(0, SIG_BYTES);
}

/** Append `sig` to a URL path (with or without a query), signed with the ring's current key. */
export function signUrl(pathAndQuery: string, ring: KeyRing): string {
  const { unsigned } = split(pathAndQuery);
  const sig = signature(ring.current, unsigned).toString('base64url');
  return `${unsigned}${unsigned.includes('?') ? '&' : '?'}sig=${sig}`;
}

/** The URL without `sig` if its signature is valid under a key of the ring; else a 403. */
export function verifySignedUrl(pathAndQuery: string, ring: KeyRing): string {
  const { unsigned, sig } = split(pathAndQuery);
  const given = sig ? Buffer.from(sig, 'base64url') : Buffer.alloc(0);
  const valid =
    given.length === SIG_BYTES &&
    // One spelling only (base64url as the signer writes it, no other last character).
    given.toString('base64url') === sig &&
    ring.all.some((key) => timingSafeEqual(signature(key, unsigned), given));
  if (!valid) {
    throw new StandinError(
      'bad_signature',
      'this server only renders signed URLs; the signature is missing or wrong',
    );
  }
  return unsigned;
}
