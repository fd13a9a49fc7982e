/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a downloaded browser).
 * A machine without it or without redis-server skips the tests, unless RNNLAB_REQUIRE_SERVICES=1
 * (CI), where that is a failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { redisServerAvailable } from '@rnnlab/local-services';
import type { Browser } from 'playwright-core';
import { repoRoot } from './platform';

export const CHROMIUM = '/usr/bin/chromium';
/** where the browser tests leave their screenshots (named in the README) */
export const SHOTS = join(repoRoot, 'docs/screenshots');

/** true when the browser tests can run here; throws when they must and cannot */
export function browserTestsReady(what: string): boolean {
  const ready = existsSync(CHROMIUM) && redisServerAvailable();
  if (!ready && process.env.RNNLAB_REQUIRE_SERVICES === '1') throw new Error(`the ${what} needs ${CHROMIUM} (apt-get install chromium) and redis-server`);
  return ready;
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}
