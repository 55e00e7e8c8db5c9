/** What the playground page shows about this instance: limits, formats, fonts, examples. */
import { readFileSync } from 'node:fs';
import type { Config, Limits } from '../config.js';
import { GRAMMAR_EXAMPLES } from '../spec/examples.js';
import { FONTS, FORMATS } from '../spec/types.js';

export interface InstanceInfo {
  readonly version: string;
  readonly limits: Limits;
  readonly formats: readonly string[];
  readonly fonts: readonly string[];
  readonly examples: readonly { grammar: string; url: string; gives: string }[];
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function instanceInfo(config: Pick<Config, 'limits'>): InstanceInfo {
  return {
    version: packageVersion(),
    limits: config.limits,
    formats: FORMATS,
    fonts: FONTS,
    examples: GRAMMAR_EXAMPLES.map(({ grammar, url, gives }) => ({ grammar, url, gives })),
  };
}
