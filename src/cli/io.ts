/** What a command reads and writes: the process's own streams and environment, or a test's. */
export interface CliIo {
  readonly stdout: { write(chunk: string | Uint8Array): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** Standard input, for commands that read a document from it (protect). */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A mistake in how the command was called: printed with its message, exit code 2. */
export class UsageError extends Error {}

export function requireEnvKey(io: CliIo, variable: string, command: string): string {
  const key = io.env[variable]?.trim();
  if (!key) {
    throw new UsageError(
      `${command} needs a key in ${variable}: export ${variable}=$(standin keygen), and give the server the same key`,
    );
  }
  return key;
}

/** An optional numeric option as typed (`--size 18`), or a usage error that echoes it. */
export function numberOption(
  name: string,
  value: string | undefined,
  what = 'a number',
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    throw new UsageError(`--${name} must be ${what}, got ${JSON.stringify(value)}`);
  }
  return n;
}
