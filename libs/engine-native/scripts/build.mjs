#!/usr/bin/env node
/**
 * Builds the native engine (an N-API addon over OpenBLAS) during `npm ci` / `npm install`.
 * Never fails the install: when a compiler, Node's headers or OpenBLAS are missing, it records why in
 * build/status.json, and `rnnlab engines` reports the native engine unavailable with that reason
 * (the portable tfjs engine is used instead). Set RNNLAB_SKIP_NATIVE=1 to skip the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'build');
mkdirSync(buildDir, { recursive: true });

function status(ok, reason, log = '') {
  writeFileSync(join(buildDir, 'status.json'), JSON.stringify({ ok, reason, at: new Date().toISOString() }, null, 2) + '\n');
  if (log) writeFileSync(join(buildDir, 'build.log'), log);
  const line = ok ? 'rnnlab: native engine built' : `rnnlab: native engine not built (${reason}); the tfjs engine will be used`;
  process.stderr.write(line + '\n');
  process.exit(0);
}

if (process.env.RNNLAB_SKIP_NATIVE === '1') status(false, 'skipped: RNNLAB_SKIP_NATIVE=1');

const compiler = process.env.CXX || 'g++';
if (spawnSync(compiler, ['--version']).status !== 0) {
  status(false, `no C++ compiler (${compiler}): apt-get install g++ make python3, then npm rebuild`);
}
const blasHeaders = ['/usr/include/x86_64-linux-gnu/cblas.h', '/usr/include/cblas.h', '/usr/include/openblas/cblas.h', '/usr/include/aarch64-linux-gnu/cblas.h'];
const blasLibs = ['/usr/lib/x86_64-linux-gnu/libopenblas.so', '/usr/lib/libopenblas.so', '/usr/lib64/libopenblas.so', '/usr/lib/aarch64-linux-gnu/libopenblas.so'];
if (!blasHeaders.some(existsSync) || !blasLibs.some(existsSync)) {
  status(false, 'OpenBLAS not found: apt-get install libopenblas-dev, then npm rebuild');
}

// npm provides its bundled node-gyp to scripts; fall back to resolving it next to npm.
let gyp = process.env.npm_config_node_gyp;
if (!gyp || !existsSync(gyp)) {
  try {
    gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmCli = process.env.npm_execpath;
    const guess = npmCli ? join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : '';
    gyp = guess && existsSync(guess) ? guess : '';
  }
}
if (!gyp) status(false, 'node-gyp not found (it ships with npm): reinstall npm, then npm rebuild');

const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: root, encoding: 'utf8', env: process.env });
const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
if (r.status !== 0) {
  const last = log.trim().split('\n').filter((l) => /error/i.test(l)).slice(-1)[0] ?? `node-gyp exited with ${r.status}`;
  status(false, `build failed: ${last.trim()} (see libs/engine-native/build/build.log)`, log);
}
status(true, 'built', log);
