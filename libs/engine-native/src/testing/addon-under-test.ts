/**
 * The native addon as the addon-*.spec files see it (not exported from the lib): where it is not
 * built their tests are skipped with the reason, unless RNNLAB_REQUIRE_NATIVE=1 (CI), where they
 * run and fail with it; and the SIMD levels this CPU can be forced to.
 */
import { loadAddon, type NativeAddon, type SimdLevel } from '../addon';

export const SIMD_LEVELS: readonly SimdLevel[] = ['avx512', 'avx2', 'baseline'];

export interface AddonUnderTest {
  /** null when not built or not loadable */
  addon: NativeAddon | null;
  /** skip the file's native tests: unavailable and not required */
  skip: boolean;
  /** a describe label that says why the tests are skipped, when they are */
  label: string;
}

export function addonUnderTest(): AddonUnderTest {
  const { addon, status } = loadAddon();
  const required = process.env.RNNLAB_REQUIRE_NATIVE === '1';
  const skip = !addon && !required;
  return { addon, skip, label: skip ? `native addon (skipped: ${status.reason})` : 'native addon' };
}

/** The addon, or an error with the reason it is missing (for a test that must not skip). */
export function requireAddon(): NativeAddon {
  const { addon, status } = loadAddon();
  if (!addon) throw new Error(`the native addon is required here (RNNLAB_REQUIRE_NATIVE=1) but unavailable: ${status.reason}`);
  return addon;
}

/** The levels `_setSimd` accepts on this CPU (none without the addon or the hook); leaves 'best' in use. */
export function supportedSimdLevels(addon: NativeAddon | null): Set<SimdLevel> {
  const ok = new Set<SimdLevel>();
  if (!addon?._setSimd) return ok;
  try {
    for (const level of SIMD_LEVELS) {
      try {
        addon._setSimd(level);
        ok.add(level);
      } catch (e) {
        if (!/this CPU does not support/.test((e as Error).message)) throw e;
      }
    }
  } finally {
    addon._setSimd('best');
  }
  return ok;
}

/** Force a SIMD level (restore it with `restoreBestSimd`); throws where the hook is missing. */
export function forceSimd(addon: NativeAddon, level: SimdLevel | 'best'): SimdLevel {
  if (!addon._setSimd) throw new Error('expected the addon to have the _setSimd testing hook (rebuild it: npm run build:native)');
  return addon._setSimd(level);
}

export function restoreBestSimd(addon: NativeAddon | null): void {
  addon?._setSimd?.('best');
}
