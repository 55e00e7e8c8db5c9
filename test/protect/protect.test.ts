/** Protecting pages: messy real-world HTML in, the same document with addresses as sealed images out. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKey, parse, protect, protectBytes, render } from '../../src/index.js';
import { decode, encodingsOf } from '../helpers.js';
import { TWENTY, twentyPage } from './page.js';

const key = generateKey();

/** The document with each protected image written as [email] or [phone]. */
function shape(html: string): string {
  return html.replace(
    /<img src="[^"]*\/t\/[A-Za-z0-9_-]+\.(?:png|svg|webp)" width="\d+" height="\d+" alt="(e-mail address|phone number), shown as an image" class="standin-protected">/g,
    (_m, kind: string) => (kind === 'phone number' ? '[phone]' : '[email]'),
  );
}

const run = (html: string, options: Parameters<typeof protect>[1] = { key }) =>
  shape(protect(html, { key, ...options }).html);

describe('protect: what is replaced, and what is left alone', () => {
  it.each([
    ['plain text', '<p>Write to jane@example.com today.</p>', '<p>Write to [email] today.</p>'],
    ['a full stop after it', '<p>jane@example.com.</p>', '<p>[email].</p>'],
    [
      'entities',
      '<p>jane&#64;example.com and bo&#x62;&commat;example.org</p>',
      '<p>[email] and [email]</p>',
    ],
    [
      'split by tags',
      '<p>jo<span>hn</span>@exam<b>ple</b>.org!</p>',
      '<p>[email]<span></span><b></b>!</p>',
    ],
    [
      'unclosed tags',
      '<ul><li>a@example.com<li>b@example.com</ul>',
      '<ul><li>[email]<li>[email]</ul>',
    ],
    ['inside a link', '<a href="/team">ann@example.com</a>', '<a href="/team">[email]</a>'],
    ['a phone number', '<p>Call +1 415-555-0123 now</p>', '<p>Call [phone] now</p>'],
    [
      'script',
      '<script>let a = "x@example.com";</script>',
      '<script>let a = "x@example.com";</script>',
    ],
    ['style', '<style>/* x@example.com */</style>', '<style>/* x@example.com */</style>'],
    [
      'pre and code',
      '<pre>x@example.com</pre><code>y@example.com</code>',
      '<pre>x@example.com</pre><code>y@example.com</code>',
    ],
    ['a comment', '<!-- x@example.com --><p>ok</p>', '<!-- x@example.com --><p>ok</p>'],
    [
      'attributes',
      '<img alt="x@example.com" title="+1 415 555 0123">',
      '<img alt="x@example.com" title="+1 415 555 0123">',
    ],
    [
      'opted out',
      '<div data-standin="off"><p>x@example.com</p></div>',
      '<div data-standin="off"><p>x@example.com</p></div>',
    ],
    ['a textarea', '<textarea>x@example.com</textarea>', '<textarea>x@example.com</textarea>'],
    [
      'not addresses',
      '<p>user@localhost, a@b, 2024-2025, @handle</p>',
      '<p>user@localhost, a@b, 2024-2025, @handle</p>',
    ],
  ])('%s', (_name, html, want) => {
    expect(run(html)).toBe(want);
  });

  it('takes mailto: out of links, or sends them to a form', () => {
    const html = '<a class="m" href="mailto:jane@example.com?subject=Hi">Write</a>';
    expect(run(html)).toBe('<a class="m">Write</a>');
    expect(run(html, { key, mailto: { form: '/contact?to=jane' } })).toBe(
      '<a class="m" href="/contact?to=jane">Write</a>',
    );
    expect(run("<a HREF='MAILTO:x&#64;example.com'>x</a>")).toBe('<a>x</a>');
    expect(protect(html, { key }).report.mailtoLinks).toBe(1);
  });

  it('reads numbers of the page region, and obfuscated addresses only when asked', () => {
    expect(run('<p>020 7946 0958</p>', { key, region: 'GB' })).toBe('<p>[phone]</p>');
    const obfuscated = '<p>bob [at] example [dot] com</p>';
    const counted = protect(obfuscated, { key });
    expect(shape(counted.html)).toBe(obfuscated);
    expect(counted.report.obfuscatedFound).toBe(1);
    expect(run(obfuscated, { key, obfuscated: true })).toBe('<p>[email]</p>');
  });

  it('keeps every other byte as it was', () => {
    const page =
      '\uFEFF<!DOCTYPE html>\r\n<HTML><Body class=x>\t<p>Hi &amp; bye,  jane@example.com\u00a0—  é</p>\r\n</Body></HTML>';
    const out = protect(page, { key }).html;
    const at = page.indexOf('jane@example.com');
    expect(out.startsWith(page.slice(0, at))).toBe(true);
    expect(out.endsWith(page.slice(at + 'jane@example.com'.length))).toBe(true);
    const none = '<!doctype html><p class=a>Nothing &nbsp; here <b>at all</b><!-- x --></p>';
    expect(protect(none, { key }).html).toBe(none);
  });

  it('passes binary and non-UTF-8 bytes through, with a warning', () => {
    const latin1 = Buffer.from('<p>caf\xe9 jane@example.com</p>', 'latin1');
    const a = protectBytes(latin1, { key });
    expect(Buffer.from(a.bytes).equals(latin1)).toBe(true);
    expect(a.report.warning).toContain('not UTF-8');
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x40]);
    expect(protectBytes(binary, { key }).report.warning).toBeDefined();
  });

  it('sizes each image as it is drawn, in the style of the element around it', async () => {
    const { html } = protect(
      '<p>jane@example.com</p><p data-standin-size="32" data-standin-color="c00">jane@example.com</p>',
      { key, size: 16 },
    );
    const images = [...html.matchAll(/src="([^"]+)" width="(\d+)" height="(\d+)"/g)];
    expect(images).toHaveLength(2);
    for (const [, src = '', width, height] of images) {
      const pixels = await decode((await render(src, { sealKey: key })).body);
      expect([pixels.width, pixels.height]).toEqual([Number(width), Number(height)]);
      expect(parse(src, { sealKey: key }).text).toBe('jane@example.com');
    }
    expect(Number(images[1]?.[3])).toBeGreaterThan(Number(images[0]?.[3]) * 1.6);
  });
});

describe('protect: a page of 20 addresses and numbers', () => {
  it('leaves none of them in the page in any encoding, and reports 20', () => {
    const { html, report } = protect(twentyPage(), { key, region: 'US' });
    expect(report.emails + report.phones).toBe(20);
    expect(report.mailtoLinks).toBe(1);
    for (const plain of TWENTY) {
      // digits only too: "4155550123" must not survive either
      const forms = [plain, plain.replace(/\D/g, '')].filter((f) => f.length >= 9);
      for (const form of forms) {
        for (const encoded of encodingsOf(form, Math.min(form.length, 10))) {
          expect(html, `${plain} as ${encoded}`).not.toContain(encoded);
        }
      }
    }
    expect(html.match(/class="standin-protected"/g)).toHaveLength(20);
  });
});

describe('protect: any input', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '<p>',
      '</p>',
      '<b>',
      '</b>',
      '<span>',
      '<a href="mailto:a@example.com">',
      '</a>',
      '<!--',
      '-->',
      '<script>',
      '</script>',
      '&amp;',
      '&#64;',
      '&',
      '<',
      '>',
      '"',
      "'",
      'jane@example.com',
      '+1 415 555 0123',
      '<br>',
      '<pre>',
      '</pre>',
      '<img alt="x@example.com">',
      '\u0000',
      '\uFEFF',
    ),
  );
  it('never throws, and leaves a page without addresses byte for byte as it was', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const html = pieces.join('');
        const { html: out, report } = protect(html, { key });
        const replaced = report.emails + report.phones + report.mailtoLinks;
        if (replaced === 0) expect(out).toBe(html);
        else expect(out).not.toBe(html);
      }),
      { numRuns: 2000, seed: 20261125 },
    );
  });
});
