import { availableParallelism } from 'node:os';
import { ConfigError, StandinError } from './errors.js';
import { type KeyRing, parseKeyRing } from './seal/keys.js';
import { GRAMMAR_NAMES, type GrammarName, isGrammarName } from './spec/parse.js';
import type { Limits } from './spec/types.js';

export { ConfigError } from './errors.js';
export type { Limits } from './spec/types.js';

/**
 * Every option of standin, its default and its limits, declared once. `loadConfig(env)` is
 * the only place that reads the environment; the frozen result is passed down.
 */

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly limits: Limits;
  /** Bytes of encoded images the in-memory cache may hold. 0 turns the cache off. */
  readonly cacheBytes: number;
  readonly logLevel: LogLevel;
  readonly render: RenderConfig;
  /** Keys that open sealed tokens (`/t/...`); absent: sealed tokens are off. */
  readonly sealKeys?: KeyRing;
  /** Keys that sign URLs; when present, only signed URLs are rendered. */
  readonly signingKeys?: KeyRing;
  /** HTTP server processes (node cluster; resolved from the cores when set to 0); 1 runs in this process. */
  readonly processes: number;
  /** Requests per minute per client address; 0 turns rate limiting off. */
  readonly rateLimit: number;
  /** Whose reading wins for URLs several grammars could read. */
  readonly grammar: GrammarName;
  /** The same per request host name (lower case, no port). */
  readonly grammarByHost: ReadonlyMap<string, GrammarName>;
}

/** Renders that may wait per render thread when STANDIN_RENDER_QUEUE is 0. */
const QUEUE_PER_THREAD = 32;

export interface RenderConfig {
  /** Worker threads for costly renders (at least 1; resolved from the cores when set to 0). */
  readonly threads: number;
  /** Costly renders that may wait for a worker; more are refused with 503 at once. */
  readonly maxQueue: number;
  /** A render (waiting included) that takes longer is abandoned with 503. */
  readonly timeoutMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

interface IntOption {
  readonly env: string;
  /** The `standin serve` flag that overrides the variable. */
  readonly flag: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly doc: string;
}

/** The documented options; README's configuration table lists exactly these (a test checks). */
export const OPTIONS = {
  port: {
    env: 'PORT',
    flag: 'port',
    default: 8080,
    min: 0,
    max: 65535,
    doc: 'TCP port to listen on.',
  },
  maxSide: {
    flag: 'max-side',
    env: 'STANDIN_MAX_SIDE',
    default: 4000,
    min: 1,
    max: 10000,
    doc: 'Largest width or height in a URL, before retina scaling.',
  },
  maxPixels: {
    flag: 'max-pixels',
    env: 'STANDIN_MAX_PIXELS',
    default: 16_000_000,
    min: 1,
    max: 100_000_000,
    doc: 'Largest output area in pixels (width × height × scale²).',
  },
  maxTextLength: {
    flag: 'max-text',
    env: 'STANDIN_MAX_TEXT',
    default: 500,
    min: 1,
    max: 10_000,
    doc: 'Longest text in characters.',
  },
  cacheBytes: {
    flag: 'cache-bytes',
    env: 'STANDIN_CACHE_BYTES',
    default: 128 * 1024 * 1024,
    min: 0,
    max: 64 * 1024 * 1024 * 1024,
    doc: 'Bytes of encoded images kept in the in-memory LRU cache (0 disables it).',
  },
  rateLimit: {
    flag: 'rate-limit',
    env: 'STANDIN_RATE_LIMIT',
    default: 0,
    min: 0,
    max: 1_000_000,
    doc: 'Requests per minute one client address may make (0: no limit).',
  },
  processes: {
    flag: 'processes',
    env: 'STANDIN_PROCESSES',
    default: 1,
    min: 0,
    max: 256,
    doc: 'HTTP server processes sharing the port (node cluster; 0: one per core). Each has its own cache.',
  },
  renderThreads: {
    flag: 'render-threads',
    env: 'STANDIN_RENDER_THREADS',
    default: 0,
    min: 0,
    max: 256,
    doc: 'Worker threads for costly renders, per process (0: the cores divided among the processes).',
  },
  renderQueue: {
    flag: 'render-queue',
    env: 'STANDIN_RENDER_QUEUE',
    default: 0,
    min: 0,
    max: 100_000,
    doc: 'Costly renders that may wait for a worker before more get 503 (0: 32 per thread).',
  },
  renderTimeoutMs: {
    flag: 'render-timeout-ms',
    env: 'STANDIN_RENDER_TIMEOUT_MS',
    default: 10_000,
    min: 100,
    max: 600_000,
    doc: 'Milliseconds a render may take, waiting included, before it is abandoned with 503.',
  },
} as const satisfies Record<string, IntOption>;

export const STRING_OPTIONS = {
  host: { env: 'HOST', flag: 'host', default: '0.0.0.0', doc: 'Address to listen on.' },
  grammar: {
    env: 'STANDIN_GRAMMAR',
    flag: 'grammar',
    default: 'placehold',
    doc: `Whose reading wins for a URL several services share (/600x400/000/fff, /300), defaults included: ${GRAMMAR_NAMES.join(', ')}.`,
  },
  grammarByHost: {
    env: 'STANDIN_GRAMMAR_BY_HOST',
    flag: 'grammar-by-host',
    default: '',
    doc: 'The same per host name of the request, for one server under several names: img.example.com=dummyimage,fake.example.com=fakeimg.',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    default: 'info',
    doc: `Log level: ${LOG_LEVELS.join(', ')} (at info, answers from the cache are counted in one line a second; debug logs each).`,
  },
} as const;

/** Secrets: no default; each holds one or more 64-hex-character keys, comma-separated. */
export const KEY_OPTIONS = {
  sealKeys: {
    env: 'STANDIN_SEAL_KEY',
    doc: 'Keys for sealed text tokens (/t/...); the first seals, all open. Unset: off.',
  },
  signingKeys: {
    env: 'STANDIN_SIGNING_KEY',
    doc: 'Keys for signed URLs; when set, only URLs with a valid sig are rendered. Unset: off.',
  },
} as const;

function readKeys(env: Readonly<Record<string, string | undefined>>, variable: string) {
  const value = env[variable];
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return parseKeyRing(value, variable);
  } catch (error) {
    if (error instanceof StandinError) throw new ConfigError(error.message);
    throw error;
  }
}

function readInt(env: Readonly<Record<string, string | undefined>>, option: IntOption): number {
  const raw = env[option.env];
  if (raw === undefined || raw.trim() === '') return option.default;
  const value = Number(raw.trim().replaceAll('_', ''));
  if (!Number.isInteger(value) || value < option.min || value > option.max) {
    throw new ConfigError(
      `${option.env} must be an integer between ${option.min} and ${option.max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function readGrammar(value: string, variable: string): GrammarName {
  const name = value.trim().toLowerCase();
  if (!isGrammarName(name)) {
    throw new ConfigError(
      `${variable} must be one of ${GRAMMAR_NAMES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return name;
}

/** `host=grammar,host=grammar` → a map; host names lower case, without a port. */
function readGrammarByHost(value: string, variable: string): ReadonlyMap<string, GrammarName> {
  const map = new Map<string, GrammarName>();
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [host, grammar, ...extra] = pair.split('=');
    if (!host || grammar === undefined || extra.length > 0) {
      throw new ConfigError(
        `${variable} must look like img.example.com=dummyimage,other.example.com=fakeimg, got ${JSON.stringify(pair)}`,
      );
    }
    map.set(host.trim().toLowerCase(), readGrammar(grammar, `${variable} (${host.trim()})`));
  }
  return map;
}

/** Read and validate the configuration from an environment; throws ConfigError naming the variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = {}): Config {
  const logLevel = env[STRING_OPTIONS.logLevel.env] ?? STRING_OPTIONS.logLevel.default;
  if (!isLogLevel(logLevel)) {
    throw new ConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`,
    );
  }
  const host = env[STRING_OPTIONS.host.env]?.trim() || STRING_OPTIONS.host.default;
  const sealKeys = readKeys(env, KEY_OPTIONS.sealKeys.env);
  const signingKeys = readKeys(env, KEY_OPTIONS.signingKeys.env);
  // "0" means "as many as suit this machine": resolved here, once, into real numbers.
  const processes = readInt(env, OPTIONS.processes) || availableParallelism();
  const threads =
    readInt(env, OPTIONS.renderThreads) ||
    Math.max(1, Math.floor(availableParallelism() / processes));
  return Object.freeze({
    port: readInt(env, OPTIONS.port),
    host,
    limits: Object.freeze({
      maxSide: readInt(env, OPTIONS.maxSide),
      maxPixels: readInt(env, OPTIONS.maxPixels),
      maxTextLength: readInt(env, OPTIONS.maxTextLength),
    }),
    cacheBytes: readInt(env, OPTIONS.cacheBytes),
    logLevel,
    rateLimit: readInt(env, OPTIONS.rateLimit),
    ...(sealKeys ? { sealKeys } : {}),
    ...(signingKeys ? { signingKeys } : {}),
    processes,
    grammar: readGrammar(
      env[STRING_OPTIONS.grammar.env] || STRING_OPTIONS.grammar.default,
      STRING_OPTIONS.grammar.env,
    ),
    grammarByHost: readGrammarByHost(
      env[STRING_OPTIONS.grammarByHost.env] ?? '',
      STRING_OPTIONS.grammarByHost.env,
    ),
    render: Object.freeze({
      threads,
      // Waiting renders hold only their spec (a few hundred bytes): the queue bounds latency
      // (with the deadline), not memory, so it can be long enough for bursts.
      maxQueue: readInt(env, OPTIONS.renderQueue) || QUEUE_PER_THREAD * threads,
      timeoutMs: readInt(env, OPTIONS.renderTimeoutMs),
    }),
  });
}

/** The defaults, for the library and tests. */
export const DEFAULT_LIMITS: Limits = loadConfig({}).limits;
