#!/usr/bin/env node
// Launcher: run the TypeScript sources through tsx (no build step), then exit with main()'s code.
import { register } from 'tsx/esm/api';

register();

// `rnnlab ... | head` closes stdout early: that is not an error worth a stack trace
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
