import { describe, expect, it } from 'vitest';
import { ConfigError, parseRunConfig } from './run-config';

describe('parseRunConfig', () => {
  it('fills defaults', () => {
    const c = parseRunConfig({ task: { name: 'adding' } });
    expect(c.model.cell).toBe('lstm');
    expect(c.train.optimizer).toBe('adam');
    expect(c.task.seqLen).toBe(50);
  });
  it('names every bad field', () => {
    try {
      parseRunConfig({ task: { name: 'nope' }, train: { lr: Number.NaN, batch: -1 }, model: { hidden: 1e6 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/task\.name/);
      expect(msg).toMatch(/train\.lr/);
      expect(msg).toMatch(/train\.batch/);
      expect(msg).toMatch(/model\.hidden/);
    }
  });
  it('rejects unknown keys and __proto__', () => {
    expect(() => parseRunConfig({ task: { name: 'adding' }, bogus: 1 })).toThrow(/bogus|Unrecognized/);
    expect(() => parseRunConfig(JSON.parse('{"task":{"name":"adding","__proto__":{"x":1}}}'))).toThrow();
  });
});
