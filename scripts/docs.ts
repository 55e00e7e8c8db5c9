/**
 * Writes docs/grammars.md from the tables in the code (examples, named sizes, font names), so
 * the documentation cannot drift: a test fails when the file is out of date.
 *
 *   npm run docs
 */
import { writeFileSync } from 'node:fs';
import { grammarsMarkdown } from '../test/docs/grammars-doc.js';

writeFileSync(new URL('../docs/grammars.md', import.meta.url), grammarsMarkdown());
console.log('wrote docs/grammars.md');
