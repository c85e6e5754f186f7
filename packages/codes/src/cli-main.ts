/// <reference types="node" />
// Process entry of `sipcode`: bin/sipcode.js loads the built copy, the root `pnpm sipcode` script runs
// this file from source with tsx.
import { runCli } from './cli.js';

// `sipcode 4 | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = runCli(
  process.argv.slice(2),
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
);
