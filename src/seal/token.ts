/**
 * Sealed tokens: deterministic authenticated encryption of a short payload (the options of a
 * text image), so that a page can show an e-mail address as an image without the address
 * appearing in its HTML or in the image URL. docs/security.md has the format and the reasons.
 *
 * Node has no AES-SIV, so this is the synthetic-IV construction of RFC 5297 built from Node's
 * own primitives, with separate keys: the IV is a MAC of the header and the plaintext
 * (HMAC-SHA256, first 16 bytes), and the plaintext is encrypted with AES-256-CTR under that IV.
 * The same payload and key always give the same token, so HTTP caches keep working, and
 * nothing is lost if a token is reused (unlike a fixed nonce with GCM).
 *
 *   token = base64url( version | key id (3) | flags | [expiry u32] | SIV (16) | ciphertext )
 */
import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { StandinError } from '../errors.js';
import type { Key, KeyRing } from './keys.js';

const VERSION = 1;
const FLAG_EXPIRES = 1;
const FLAG_DEFLATED = 2;
const SIV_BYTES = 16;
/** Longest token accepted, in characters, before any work. */
export const MAX_TOKEN_LENGTH = 2048;
/** Longest payload, before and after inflating. */
const MAX_PAYLOAD_BYTES = 1024;

/** The one answer to every bad token: it tells an attacker nothing about what was wrong. */
export function badToken(): StandinError {
  return new StandinError('bad_token', 'this image link is invalid or has expired');
}

function syntheticIv(key: Key, header: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key.macKey)
    .update(header)
    .update(body)
    .digest()
    .subarray(0, SIV_BYTES);
}

/** The CTR counter block from the SIV, with bits 31 and 63 cleared as RFC 5297 does. */
function counter(siv: Buffer): Buffer {
  const iv = Buffer.from(siv);
  iv[8] = (iv[8] ?? 0) & 0x7f;
  iv[12] = (iv[12] ?? 0) & 0x7f;
  return iv;
}

function ctr(key: Key, siv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-ctr', key.encKey, counter(siv));
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export interface SealOptions {
  /** Unix time in seconds after which the token is refused. */
  readonly expiresAt?: number;
}

/** Seal `payload` under the ring's current key. Deterministic. */
export function sealPayload(payload: string, ring: KeyRing, options: SealOptions = {}): string {
  const plain = Buffer.from(payload, 'utf8');
  if (plain.length > MAX_PAYLOAD_BYTES) {
    throw new StandinError(
      'text_too_long',
      `a sealed payload must be at most ${MAX_PAYLOAD_BYTES} bytes`,
    );
  }
  const packed = deflateRawSync(plain, { level: 9 });
  const deflated = packed.length < plain.length;
  const body = deflated ? packed : plain;
  const expires = options.expiresAt !== undefined;
  const header = Buffer.alloc(5 + (expires ? 4 : 0));
  header[0] = VERSION;
  ring.current.id.copy(header, 1);
  header[4] = (expires ? FLAG_EXPIRES : 0) | (deflated ? FLAG_DEFLATED : 0);
  if (expires) header.writeUInt32BE(Math.max(0, Math.floor(options.expiresAt ?? 0)), 5);
  const siv = syntheticIv(ring.current, header, body);
  return Buffer.concat([header, siv, ctr(ring.current, siv, body)]).toString('base64url');
}

/** Open a token sealed under any key of the ring; throws badToken() for anything wrong. */
export function openPayload(token: string, ring: KeyRing, now = Date.now() / 1000): string {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw badToken();
  }
  const bytes = Buffer.from(token, 'base64url');
  // One spelling only: the last character's unused bits must be zero, as the encoder writes them.
  if (bytes.toString('base64url') !== token) throw badToken();
  if (bytes.length < 5 + SIV_BYTES || bytes[0] !== VERSION) throw badToken();
  const flags = bytes[4] ?? 0;
  if ((flags & ~(FLAG_EXPIRES | FLAG_DEFLATED)) !== 0) throw badToken();
  const headerLength = 5 + (flags & FLAG_EXPIRES ? 4 : 0);
  if (bytes.length < headerLength + SIV_BYTES) throw badToken();
  const id = bytes.subarray(1, 4);
  const key = ring.all.find((candidate) => candidate.id.equals(id));
  if (!key) throw badToken();
  const header = bytes.subarray(0, headerLength);
  const siv = bytes.subarray(headerLength, headerLength + SIV_BYTES);
  const body = ctr(key, siv, bytes.subarray(headerLength + SIV_BYTES));
  if (!timingSafeEqual(syntheticIv(key, header, body), siv)) throw badToken();
  if (flags & FLAG_EXPIRES && header.readUInt32BE(5) < now) throw badToken();
  let plain = body;
  if (flags & FLAG_DEFLATED) {
    try {
      plain = inflateRawSync(body, { maxOutputLength: MAX_PAYLOAD_BYTES });
    } catch {
      throw badToken();
    }
  }
  return plain.toString('utf8');
}

/** The expiry of a (valid) token in unix seconds, if it has one; for Cache-Control. */
export function tokenExpiry(token: string): number | undefined {
  const bytes = Buffer.from(token, 'base64url');
  return (bytes[4] ?? 0) & FLAG_EXPIRES && bytes.length >= 9 ? bytes.readUInt32BE(5) : undefined;
}
