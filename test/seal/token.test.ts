import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { StandinError } from '../../src/errors.js';
import {
  generateKey,
  KeyError,
  openPayload,
  parseKeyRing,
  sealPayload,
  sealText,
  signUrl,
  verifySignedUrl,
} from '../../src/seal/index.js';
import { encodingsOf } from '../helpers.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = '0123456789abcdef'.repeat(4);
const ringA = parseKeyRing(KEY_A, 'TEST_KEY');
const ringB = parseKeyRing(KEY_B, 'TEST_KEY');
const MESSAGE = 'this image link is invalid or has expired';

function refusal(token: string, ring = ringA, now?: number): StandinError {
  try {
    openPayload(token, ring, now);
  } catch (error) {
    if (error instanceof StandinError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

const encodings = (plain: string) => encodingsOf(plain);

describe('sealed tokens', () => {
  const payload = new URLSearchParams({ text: 'jane@example.com', size: '20' }).toString();

  it('round-trips', () => {
    expect(openPayload(sealPayload(payload, ringA), ringA)).toBe(payload);
  });

  it('is deterministic: same input and key, same token; else another', () => {
    expect(sealPayload(payload, ringA)).toBe(sealPayload(payload, ringA));
    expect(sealPayload(payload, ringA)).not.toBe(sealPayload(`${payload}x`, ringA));
    expect(sealPayload(payload, ringA)).not.toBe(sealPayload(payload, ringB));
  });

  it('is URL-safe and short', () => {
    const token = sealPayload('text=jane%40example.com', ringA);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(80);
  });

  it.each([
    'jane@example.com',
    'text=jane%40example.com&size=20',
    '+44 20 7946 0958',
    'text=%2B1+%28555%29+010-9999',
    'a.very.long.address+tag@subdomain.example.org',
  ])('does not contain %s in any encoding', (plain) => {
    const token = sealPayload(plain, ringA);
    for (const encoded of encodings(plain)) expect(token).not.toContain(encoded);
  });

  it('refuses every changed byte with the same generic message', () => {
    const token = sealPayload(payload, ringA);
    const bytes = Buffer.from(token, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const changed = Buffer.from(bytes);
        changed[i] = (changed[i] ?? 0) ^ bit;
        const error = refusal(changed.toString('base64url'));
        expect(error.code).toBe('bad_token');
        expect(error.message).toBe(MESSAGE);
      }
    }
  });

  it('refuses truncated, extended, forged and malformed tokens', () => {
    const token = sealPayload(payload, ringA);
    for (let length = 0; length < token.length; length++) {
      expect(refusal(token.slice(0, length)).message).toBe(MESSAGE);
    }
    expect(refusal(`${token}A`).code).toBe('bad_token');
    expect(refusal(`${token}AAAA`).code).toBe('bad_token');
    expect(refusal(Buffer.alloc(60, 1).toString('base64url')).code).toBe('bad_token');
    expect(refusal('not a token!').code).toBe('bad_token');
    expect(refusal('A'.repeat(5000)).code).toBe('bad_token');
  });

  it('refuses a token from another key, with the same message', () => {
    const error = refusal(sealPayload(payload, ringB), ringA);
    expect(error.code).toBe('bad_token');
    expect(error.message).toBe(MESSAGE);
    expect(error.message).not.toContain('jane');
  });

  it('expires', () => {
    const token = sealPayload(payload, ringA, { expiresAt: 2_000_000_000 });
    expect(openPayload(token, ringA, 1_999_999_999)).toBe(payload);
    expect(refusal(token, ringA, 2_000_000_001).message).toBe(MESSAGE);
  });

  it('rotates keys: new tokens use the first key, old ones still open', () => {
    const old = sealPayload(payload, ringA);
    const rotated = parseKeyRing(`${KEY_B},${KEY_A}`, 'TEST_KEY');
    expect(openPayload(old, rotated)).toBe(payload);
    const fresh = sealPayload(payload, rotated);
    expect(fresh).toBe(sealPayload(payload, ringB));
    expect(refusal(fresh, ringA).code).toBe('bad_token');
  });

  it('seals text images with validated options', () => {
    const path = sealText('jane@example.com', { size: 20, fg: '333' }, ringA, DEFAULT_LIMITS);
    expect(path).toMatch(/^\/t\/[A-Za-z0-9_-]+\.png$/);
    expect(path).not.toContain('jane');
    expect(() => sealText('x', { fg: 'nocolour' }, ringA, DEFAULT_LIMITS)).toThrow('text colour');
  });
});

describe('keys', () => {
  it('generates 64 hex characters of fresh randomness', () => {
    const a = generateKey();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(generateKey()).not.toBe(a);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'must be 64 hex characters'],
    [`${'g'.repeat(64)}`, 'must be 64 hex characters'],
    [`${KEY_A},${KEY_A}`, 'same key twice'],
  ])('refuses %j with a message naming the variable and not the key', (value, message) => {
    expect(() => parseKeyRing(value, 'STANDIN_SEAL_KEY')).toThrow(KeyError);
    expect(() => parseKeyRing(value, 'STANDIN_SEAL_KEY')).toThrow(message);
    try {
      parseKeyRing(value, 'STANDIN_SEAL_KEY');
    } catch (error) {
      expect(String(error)).toContain('STANDIN_SEAL_KEY');
      if (value.length > 10) expect(String(error)).not.toContain(value.slice(0, 16));
    }
  });
});

describe('signed URLs', () => {
  it('accepts what it signed and returns the URL without sig', () => {
    const signed = signUrl('/600x400.png?text=Hi', ringA);
    expect(signed).toMatch(/^\/600x400\.png\?text=Hi&sig=[A-Za-z0-9_-]{22}$/);
    expect(verifySignedUrl(signed, ringA)).toBe('/600x400.png?text=Hi');
    expect(verifySignedUrl(signUrl('/300', ringA), ringA)).toBe('/300');
  });

  it('refuses unsigned, mis-signed and altered URLs', () => {
    const signed = signUrl('/600x400.png?text=Hi', ringA);
    for (const url of [
      '/600x400.png?text=Hi',
      `${'/600x400.png?text=Hi'}&sig=AAAAAAAAAAAAAAAAAAAAAA`,
      signed.replace('600x400', '601x400'),
      signed.replace('text=Hi', 'text=Ho'),
      `${signed}&text=more`.replace('&sig', '&x=1&sig'),
      signUrl('/600x400.png?text=Hi', ringB),
      `${signed}&sig=${signed.split('sig=')[1]}`,
      // the same bytes spelled with another last character (22 characters carry 4 spare bits)
      signed.replace(/(.)$/, (c) =>
        String.fromCharCode(c.charCodeAt(0) + 1)
          .replace('{', 'a')
          .replace(':', 'A'),
      ),
    ]) {
      expect(() => verifySignedUrl(url, ringA), url).toThrow(StandinError);
    }
  });

  it('rotates keys', () => {
    const rotated = parseKeyRing(`${KEY_B},${KEY_A}`, 'TEST_KEY');
    expect(verifySignedUrl(signUrl('/10', ringA), rotated)).toBe('/10');
    expect(verifySignedUrl(signUrl('/10', rotated), ringB)).toBe('/10');
  });
});
