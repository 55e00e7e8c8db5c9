/**
 * One example URL per rule of every grammar standin reads, with what it gives, in words
 * (examples.json). The table drives the playground page (through /config.json),
 * docs/grammars.md and the tests (test/spec/example-images.ts says what each must decode to).
 */
import rows from './examples.json' with { type: 'json' };

const GRAMMAR_NAMES = [
  'placehold.co',
  'via.placeholder.com',
  'dummyimage.com',
  'fakeimg.pl',
  'ui-avatars.com',
] as const;
export type GrammarName = (typeof GRAMMAR_NAMES)[number];

export interface GrammarExample {
  /** Which service's URLs this row stands for. */
  readonly grammar: GrammarName;
  readonly url: string;
  /** What standin answers, in words. */
  readonly gives: string;
}

function isGrammarName(name: string): name is GrammarName {
  return (GRAMMAR_NAMES as readonly string[]).includes(name);
}

export const GRAMMAR_EXAMPLES: readonly GrammarExample[] = rows.map((row) => {
  if (!isGrammarName(row.grammar)) throw new Error(`examples.json: unknown grammar ${row.grammar}`);
  return { grammar: row.grammar, url: row.url, gives: row.gives };
});
