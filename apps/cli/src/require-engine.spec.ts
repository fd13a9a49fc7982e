import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NativeStatus } from '@rnnlab/engine-native';
import { UsageError } from './args';
import { requireEngine } from './require-engine';

// both states of the addon, whichever one this machine is in
const status = vi.hoisted(() => ({ current: { available: false } as NativeStatus }));
vi.mock('@rnnlab/engine-native', () => ({ nativeStatus: () => status.current }));

describe('requireEngine', () => {
  beforeEach(() => {
    status.current = { available: false, reason: 'OpenBLAS not found: apt-get install libopenblas-dev, then npm rebuild' };
  });

  it('rejects native when it is unavailable, with the reason, as bad input (exit 2)', () => {
    let err: unknown;
    try {
      requireEngine('native');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toBe(
      '--engine native: engine native is not available: OpenBLAS not found: apt-get install libopenblas-dev, then npm rebuild',
    );
  });

  it('accepts native when it is available, and never checks the other engines', () => {
    expect(() => requireEngine('auto')).not.toThrow();
    expect(() => requireEngine('tfjs')).not.toThrow();
    expect(() => requireEngine('tf.layers')).not.toThrow();
    status.current = { available: true, blas: 'OpenBLAS 0.3.21', threads: 4 };
    expect(() => requireEngine('native')).not.toThrow();
  });
});
