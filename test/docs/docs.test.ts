import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grammarsMarkdown } from './grammars-doc.js';

describe('docs', () => {
  it('docs/grammars.md is current (run `npm run docs` after changing a grammar table)', () => {
    const file = readFileSync(new URL('../../docs/grammars.md', import.meta.url), 'utf8');
    expect(file).toBe(grammarsMarkdown());
  });
});
