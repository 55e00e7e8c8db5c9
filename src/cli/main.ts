#!/usr/bin/env node
/** The `standin` command: the CLI (run.ts) on this process's streams and environment. */
import { run } from './run.js';

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
}).then((code) => {
  if (code !== 0) process.exitCode = code;
});
