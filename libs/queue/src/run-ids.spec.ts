import { describe, expect, it } from 'vitest';
import { parseRunConfig, RUN_ID_PATTERN } from '@rnnlab/contracts';
import { canonicalJson, runIdFor } from './run-ids';

describe('run ids', () => {
  it('are equal for equal configs whatever the key order, and differ when anything differs', () => {
    const a = parseRunConfig({ task: { name: 'adding', seqLen: 10 }, model: { cell: 'gru' } });
    const b = parseRunConfig({ model: { cell: 'gru' }, task: { seqLen: 10, name: 'adding' } });
    expect(runIdFor(a)).toBe(runIdFor(b));
    expect(runIdFor(a)).toMatch(RUN_ID_PATTERN);
    expect(runIdFor({ ...a, seed: 2 })).not.toBe(runIdFor(a));
    expect(runIdFor(a, 'e-1')).not.toBe(runIdFor(a));
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
});
