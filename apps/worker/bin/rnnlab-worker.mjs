#!/usr/bin/env node
// Launcher: run the TypeScript sources through tsx (no build step), then exit with main()'s code.
import { register } from 'tsx/esm/api';

register();

const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
