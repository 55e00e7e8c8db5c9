/**
 * Protect a whole page: every e-mail address and phone number in an HTML document's text
 * becomes an `<img>` of a sealed token, and `mailto:` links stop carrying the address; nothing
 * else in the document changes, byte for byte.
 *
 * The document is read by htmlparser2 (a maintained, streaming, forgiving HTML parser: unclosed
 * tags and stray markup are what real pages have), never by regular expressions over markup.
 * Entities are left undecoded by the parser and decoded here with `entities`, keeping for every
 * decoded character the offset it came from, so a replacement is spliced into the original
 * bytes exactly where the address was written (`jane&#64;example.com` included). Text is
 * searched in runs that inline elements do not break (`jane<span>@</span>example.com` is one
 * address); a block element, a line break or a skipped element ends a run. The contents of
 * script, style, pre, code, textarea, title, template, svg, math and noscript, comments, and
 * every attribute but a `mailto:` href are left alone, as is anything inside an element marked
 * `data-standin="off"`.
 */
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import type { CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_LIMITS, type Limits } from '../config.js';
import { specOf } from '../resolve.js';
import { type KeyRing, sealTextImage } from '../seal/index.js';
import type { ContactKind, Found } from './find.js';
import { deobfuscate, findContacts } from './find.js';

/** How sealed text is drawn: from the options, or an element's `data-standin-*` attributes. */
export interface TextStyle {
  /** CSS pixels (4..400). */
  readonly size?: number;
  /** Text colour (hex or a CSS name). */
  readonly fg?: string;
  /** Background (default transparent). */
  readonly bg?: string;
  readonly font?: string;
}

export interface ProtectHtmlOptions extends TextStyle {
  /** Where images are served from, prefixed to `/t/...` (default: the same host, relative). */
  readonly base?: string;
  /** Region for numbers written without a country code (ISO 3166, such as US or GB). */
  readonly region?: CountryCode;
  /** png (default), svg or webp. */
  readonly format?: 'png' | 'svg' | 'webp';
  /**
   * What a `mailto:` link becomes: its href removed (default: the link text stays, as text or
   * as the address's image), or sent to your contact form (`{ form: '/contact' }`).
   */
  readonly mailto?: 'remove' | { readonly form: string };
  /** Also replace addresses written as "name [at] example [dot] com" (default: only counted). */
  readonly obfuscated?: boolean;
  /** Keep what was replaced, in plain text, in the report (default: counts only). */
  readonly listReplaced?: boolean;
  readonly limits?: Limits;
}

export interface ProtectReport {
  readonly emails: number;
  readonly phones: number;
  /** `mailto:` links whose address was taken out of the href. */
  readonly mailtoLinks: number;
  /** Addresses written as "name [at] example [dot] com" that were found. */
  readonly obfuscatedFound: number;
  /** ...and replaced (with `obfuscated: true`). */
  readonly obfuscatedReplaced: number;
  /** With `listReplaced`: each replaced text and its kind. */
  readonly replaced?: readonly { readonly kind: ContactKind; readonly text: string }[];
  /** Why the page was passed through unchanged, if it was. */
  readonly warning?: string;
}

const SKIPPED = new Set([
  'script',
  'style',
  'pre',
  'code',
  'textarea',
  'title',
  'template',
  'svg',
  'math',
  'noscript',
  'xmp',
  'listing',
  'plaintext',
]);
/** Elements that do not break a run of text. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
]);
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

const ALT: Readonly<Record<ContactKind, string>> = {
  email: 'e-mail address, shown as an image',
  obfuscated: 'e-mail address, shown as an image',
  phone: 'phone number, shown as an image',
};

/** A piece of text as written, its decoded form, and where each decoded character came from. */
interface Segment {
  readonly decoded: string;
  /** For each decoded character, and one past the end: its offset in the document. */
  readonly offsets: readonly number[];
  readonly style: TextStyle;
}

/** An entity where one starts: named (with or without `;`) or numeric. */
const ENTITY = /&(?:#\d+;?|#x[0-9a-f]+;?|[a-z][a-z0-9]*;?)/iy;

/** Decode a text node's entities, remembering the source offset of every decoded character. */
function segmentOf(raw: string, start: number, style: TextStyle): Segment {
  let decoded = '';
  const offsets: number[] = [];
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '&') {
      ENTITY.lastIndex = i;
      const match = ENTITY.exec(raw);
      if (match) {
        const text = decodeHTML(match[0]);
        if (text !== match[0]) {
          for (let k = 0; k < text.length; k++) offsets.push(start + i);
          decoded += text;
          i += match[0].length;
          continue;
        }
      }
    }
    decoded += raw[i];
    offsets.push(start + i);
    i++;
  }
  offsets.push(start + raw.length);
  return { decoded, offsets, style };
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Element {
  readonly name: string;
  readonly skip: boolean;
  readonly style: TextStyle;
}

/** The style an element's `data-standin-*` attributes ask for, over its parent's. */
function styleOf(attributes: Record<string, string>, parent: TextStyle): TextStyle {
  const size = attributes['data-standin-size'];
  const fg = attributes['data-standin-color'];
  const bg = attributes['data-standin-background'];
  const font = attributes['data-standin-font'];
  return {
    ...parent,
    ...(size !== undefined && Number.isFinite(Number(size)) ? { size: Number(size) } : {}),
    ...(fg ? { fg } : {}),
    ...(bg ? { bg } : {}),
    ...(font ? { font } : {}),
  };
}

/** `href` within the source of one start tag: where its whole attribute is, and its value. */
const HREF = /\s+href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/iy;

function findHref(tag: string): { start: number; end: number; value: string } | undefined {
  for (let i = 0; i < tag.length; i++) {
    HREF.lastIndex = i;
    const match = HREF.exec(tag);
    if (match) {
      return {
        start: i,
        end: i + match[0].length,
        value: decodeHTML(match[1] ?? match[2] ?? match[3] ?? ''),
      };
    }
  }
  return undefined;
}

/**
 * Rewrite `html` with every address and number shown as a sealed image (`ring` seals them).
 * The report counts what was replaced; the plain text only with `listReplaced`.
 */
export function protectHtml(
  html: string,
  ring: KeyRing,
  options: ProtectHtmlOptions = {},
): { html: string; report: ProtectReport } {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const base = (options.base ?? '').replace(/\/+$/, '');
  const format = options.format ?? 'png';
  const rootStyle: TextStyle = {
    size: options.size ?? 16,
    fg: options.fg ?? '222',
    bg: options.bg ?? 'transparent',
    ...(options.font === undefined ? {} : { font: options.font }),
  };
  const edits: Edit[] = [];
  const stack: Element[] = [{ name: '#root', skip: false, style: rootStyle }];
  const counts = { email: 0, phone: 0, mailto: 0, obfuscatedFound: 0, obfuscatedReplaced: 0 };
  const replaced: { kind: ContactKind; text: string }[] = [];
  const images = new Map<string, string>();
  let run: Segment[] = [];

  const top = () => stack[stack.length - 1] as Element;

  /** The `<img>` for `text` in `style`: sealed once per text and style. */
  const imageFor = (kind: ContactKind, text: string, style: TextStyle): string => {
    const key = JSON.stringify([kind, text, style]);
    let tag = images.get(key);
    if (!tag) {
      const { path, request } = sealTextImage(
        text,
        {
          format,
          ...(style.size === undefined ? {} : { size: style.size }),
          ...(style.fg === undefined ? {} : { fg: style.fg }),
          ...(style.bg === undefined ? {} : { bg: style.bg }),
          ...(style.font === undefined ? {} : { font: style.font }),
          padding: 0,
        },
        ring,
        limits,
      );
      // The drawn size, so that the page does not move when the image arrives.
      const spec = specOf(request, limits);
      tag = `<img src="${escapeAttribute(base + path)}" width="${spec.width}" height="${spec.height}" alt="${ALT[kind]}" class="standin-protected">`;
      images.set(key, tag);
    }
    return tag;
  };

  /** Replace decoded range [start, end) of the run: the image where it starts, nothing after. */
  const replaceRange = (found: Found, tag: string) => {
    let position = 0;
    let first = true;
    for (const segment of run) {
      const from = Math.max(found.start, position) - position;
      const to = Math.min(found.end, position + segment.decoded.length) - position;
      if (from < to) {
        edits.push({
          start: segment.offsets[from] ?? 0,
          end: segment.offsets[to] ?? 0,
          text: first ? tag : '',
        });
        first = false;
      }
      position += segment.decoded.length;
    }
  };

  const flush = () => {
    if (run.length === 0) return;
    const text = run.map((s) => s.decoded).join('');
    for (const found of findContacts(text, options.region)) {
      if (found.kind === 'obfuscated') {
        counts.obfuscatedFound++;
        if (!options.obfuscated) continue;
        counts.obfuscatedReplaced++;
      } else {
        counts[found.kind]++;
      }
      // The style of the element where the address starts.
      let position = 0;
      let style = run[0]?.style ?? rootStyle;
      for (const segment of run) {
        if (found.start < position + segment.decoded.length) {
          style = segment.style;
          break;
        }
        position += segment.decoded.length;
      }
      const shown = found.kind === 'obfuscated' ? deobfuscate(found.text) : found.text;
      replaceRange(found, imageFor(found.kind, shown, style));
      if (options.listReplaced) replaced.push({ kind: found.kind, text: found.text });
    }
    run = [];
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (!INLINE.has(name)) flush();
        const parent = top();
        const off = attributes['data-standin'] === 'off';
        const skip = parent.skip || off || SKIPPED.has(name);
        if (name === 'a' && !parent.skip && !off) {
          const tagStart = parser.startIndex;
          const tag = html.slice(tagStart, parser.endIndex + 1);
          const href = findHref(tag);
          if (href && /^\s*mailto:/i.test(href.value)) {
            counts.mailto++;
            const form = options.mailto && options.mailto !== 'remove' ? options.mailto.form : '';
            edits.push({
              start: tagStart + href.start,
              end: tagStart + href.end,
              text: form ? ` href="${escapeAttribute(form)}"` : '',
            });
          }
        }
        if (!VOID.has(name)) {
          stack.push({ name, skip, style: styleOf(attributes, parent.style) });
        }
      },
      onclosetag(name) {
        if (!INLINE.has(name)) flush();
        if (VOID.has(name)) return;
        // Close up to the matching element (implied ends of unclosed tags included).
        for (let i = stack.length - 1; i > 0; i--) {
          if (stack[i]?.name === name) {
            stack.length = i;
            break;
          }
        }
      },
      ontext(raw) {
        const element = top();
        if (element.skip) return;
        run.push(segmentOf(raw, parser.startIndex, element.style));
      },
      oncomment() {
        // A comment is invisible: it does not join the text around it into one address.
        flush();
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  flush();

  edits.sort((a, b) => b.start - a.start);
  let out = html;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of edits) {
    if (edit.end > limit) continue; // never overlap an edit already made
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return {
    html: out,
    report: {
      emails: counts.email,
      phones: counts.phone,
      mailtoLinks: counts.mailto,
      obfuscatedFound: counts.obfuscatedFound,
      obfuscatedReplaced: counts.obfuscatedReplaced,
      ...(options.listReplaced ? { replaced } : {}),
    },
  };
}

/**
 * protectHtml for bytes as they come from a file or a response: anything that is not UTF-8
 * text (binary, another encoding) is passed through unchanged, with a warning.
 */
export function protectBytes(
  bytes: Uint8Array,
  ring: KeyRing,
  options: ProtectHtmlOptions = {},
): { bytes: Uint8Array; report: ProtectReport } {
  let html: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so it is written back as it came.
    html = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { bytes, report: unchanged('not UTF-8 text: passed through unchanged') };
  }
  if (html.includes('\u0000')) {
    return { bytes, report: unchanged('binary data: passed through unchanged') };
  }
  const result = protectHtml(html, ring, options);
  return { bytes: Buffer.from(result.html, 'utf8'), report: result.report };
}

export function unchanged(warning: string): ProtectReport {
  return {
    emails: 0,
    phones: 0,
    mailtoLinks: 0,
    obfuscatedFound: 0,
    obfuscatedReplaced: 0,
    warning,
  };
}
