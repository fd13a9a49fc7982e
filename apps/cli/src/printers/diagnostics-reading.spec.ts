import { describe, expect, it } from 'vitest';
import { describeDhRatio } from './diagnostics-reading';

describe('describeDhRatio', () => {
  it('names vanishing, exploding and healthy gradients with the ratio and the steps', () => {
    expect(describeDhRatio(1e-9, 50)).toBe("the gradient reaching step 1 is 1e-9 of step 50's: vanishing (step 1 barely learns from the loss)");
    expect(describeDhRatio(4e5, 20)).toMatch(/4e5 of step 20's: exploding/);
    expect(describeDhRatio(0.37, 50)).toBe("the gradient reaching step 1 is 0.37 of step 50's: it flows back through all 50 steps");
  });

  it('says nothing without a ratio or with one step', () => {
    expect(describeDhRatio(null, 50)).toBeNull();
    expect(describeDhRatio(0.5, 1)).toBeNull();
  });
});

describe('describeDhRatio thresholds', () => {
  it('calls a ratio between 1e-3 and 0.1 fading', () => {
    expect(describeDhRatio(5e-3, 50)).toMatch(/5e-3 of step 50's: fading/);
  });
});
