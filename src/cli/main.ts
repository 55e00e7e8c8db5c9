#!/usr/bin/env node
/**
 * The command line: `standin serve` starts the HTTP server with the configuration from the
 * environment.
 */
import { ConfigError, loadConfig } from '../config.js';
import { buildServer } from '../http/server.js';

async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await buildServer({ config });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  await app.listen({ port: config.port, host: config.host });
}

const USAGE = `usage: standin serve

Starts the placeholder image server. Configure it with environment variables
(PORT, HOST, STANDIN_MAX_SIDE, STANDIN_MAX_PIXELS, STANDIN_MAX_TEXT,
STANDIN_CACHE_BYTES, LOG_LEVEL); see README.md.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'serve':
      await serve();
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`standin: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : String(error);
    process.stderr.write(`standin: ${message}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  },
);
