import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/errors.js';
import { grammarsMarkdown } from './grammars-doc.js';

describe('docs', () => {
  it('docs/grammars.md is current (run `npm run docs` after changing a grammar table)', () => {
    const file = readFileSync(new URL('../../docs/grammars.md', import.meta.url), 'utf8');
    expect(file).toBe(grammarsMarkdown());
  });

  it('docs/errors.md lists every error code with its status, and no other', () => {
    const file = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...file.matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(ERROR_STATUS);
    expect(rows.length).toBe(Object.keys(ERROR_STATUS).length);
  });
});
