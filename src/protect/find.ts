/**
 * What to protect in a run of text: e-mail addresses, phone numbers (libphonenumber-js, with
 * the page's default region for numbers written without +country), and addresses written in a
 * harvest-proof style (`jane [at] example [dot] com`), which are only reported unless asked.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { findNumbers } from 'libphonenumber-js/max';

export type ContactKind = 'email' | 'phone' | 'obfuscated';

export interface Found {
  readonly kind: ContactKind;
  /** Offsets in the text searched, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The text as written (for the image: an obfuscated address is drawn as a plain one). */
  readonly text: string;
}

// The local part and domain as browsers' `type=email` accept them (WHATWG), the domain with at
// least one dot and a top-level part of letters, so "a@b" and "user@localhost" are not taken.
const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g;

// "name [at] example [dot] com", "name (at) example (dot) org", "name AT example DOT com".
const OBFUSCATED =
  /\b[\w.+-]+\s*(?:[[(]\s*at\s*[\])]|\s+AT\s+)\s*[\w-]+(?:\s*(?:[[(]\s*dot\s*[\])]|\s+DOT\s+)\s*[\w-]+)+/gi;

function emails(text: string): Found[] {
  return Array.from(text.matchAll(EMAIL), (m) => {
    // A sentence's full stop is not part of the address ("write to jane@example.com.").
    const value = m[0].replace(/\.+$/, '');
    return { kind: 'email' as const, start: m.index, end: m.index + value.length, text: value };
  });
}

function phones(text: string, region: CountryCode | undefined): Found[] {
  const options =
    region === undefined ? { v2: true as const } : { defaultCountry: region, v2: true as const };
  return findNumbers(text, options).map((m) => ({
    kind: 'phone' as const,
    start: m.startsAt,
    end: m.endsAt,
    text: text.slice(m.startsAt, m.endsAt),
  }));
}

/** The plain address an obfuscated one stands for ("jane@example.com"). */
export function deobfuscate(text: string): string {
  return text
    .replace(/\s*(?:[[(]\s*at\s*[\])]|\s+AT\s+)\s*/i, '@')
    .replace(/\s*(?:[[(]\s*dot\s*[\])]|\s+DOT\s+)\s*/gi, '.');
}

/**
 * Everything to protect in `text`, in order, without overlaps (an address wins over a number
 * inside it).
 */
export function findContacts(text: string, region?: CountryCode): Found[] {
  const found = [
    ...emails(text),
    ...phones(text, region),
    ...Array.from(text.matchAll(OBFUSCATED), (m) => ({
      kind: 'obfuscated' as const,
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
    })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found[] = [];
  for (const item of found) {
    const last = kept.at(-1);
    if (last && item.start < last.end) continue;
    kept.push(item);
  }
  return kept;
}
