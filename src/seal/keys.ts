/**
 * Keys for sealed tokens and signed URLs: 32 random bytes written as 64 hex characters; a
 * variable may hold several, comma-separated (the first is used to seal and sign, all are
 * accepted: that is how keys rotate). Each key gets a short id, carried in its tokens.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { StandinError } from '../errors.js';

export interface Key {
  /** 3 bytes that name the key in a token (not secret: derived one-way from the key). */
  readonly id: Buffer;
  /** Derived subkeys, one per purpose, so no key is ever used for two things. */
  readonly macKey: Buffer;
  readonly encKey: Buffer;
  readonly signKey: Buffer;
}

/** The keys a server accepts; `current` seals and signs. */
export interface KeyRing {
  readonly current: Key;
  readonly all: readonly Key[];
}

/** A key that is not one: wrong length, not hex, listed twice. Names no key material. */
export class KeyError extends StandinError {
  override readonly name: string = 'KeyError';
  constructor(message: string) {
    super('bad_key', message);
  }
}

function derive(master: Buffer, purpose: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `standin ${purpose}`, length));
}

/** Derive a key's id and subkeys from its 32 bytes. */
export function deriveKey(master: Buffer): Key {
  return {
    id: derive(master, 'key id', 3),
    macKey: derive(master, 'seal mac', 32),
    encKey: derive(master, 'seal enc', 32),
    signKey: derive(master, 'url signature', 32),
  };
}

/**
 * Read a key list (`hex64[,hex64...]`). Errors name the variable and the position, never the
 * key material.
 */
export function parseKeyRing(value: string, variable: string): KeyRing {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new KeyError(`${variable} is empty: run "standin keygen"`);
  const keys = parts.map((hex, i) => {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new KeyError(
        `${variable}: key ${i + 1} must be 64 hex characters (32 bytes), got ${hex.length} characters: run "standin keygen"`,
      );
    }
    return deriveKey(Buffer.from(hex, 'hex'));
  });
  const ids = new Set(keys.map((key) => key.id.toString('hex')));
  if (ids.size !== keys.length) throw new KeyError(`${variable} lists the same key twice`);
  const [current] = keys;
  if (!current) throw new KeyError(`${variable} is empty`);
  return { current, all: keys };
}

/** A new random key, as `standin keygen` prints it. */
export function generateKey(): string {
  return randomBytes(32).toString('hex');
}
