import { afterEach, describe, expect, it } from 'vitest';
import { SubmitRateError, takeSubmitSlot } from './submit-rate';

describe('takeSubmitSlot', () => {
  afterEach(() => {
    delete process.env.RNNLAB_SUBMITS_PER_MINUTE;
  });

  it('allows the limit per minute per user, refuses the next with the wait, and forgets after a minute', () => {
    process.env.RNNLAB_SUBMITS_PER_MINUTE = '3';
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) takeSubmitSlot('ada', t + i);
    expect(() => takeSubmitSlot('ada', t + 10_000)).toThrow(SubmitRateError);
    expect(() => takeSubmitSlot('ada', t + 10_000)).toThrow(/at most 3 a minute per user; try again in 50 s/);
    // another user has a budget of their own
    expect(() => takeSubmitSlot('bob', t + 10_000)).not.toThrow();
    // a refused attempt does not count: a minute after the first, one slot is free again
    expect(() => takeSubmitSlot('ada', t + 60_000)).not.toThrow();
    expect(() => takeSubmitSlot('ada', t + 60_000)).toThrow(SubmitRateError);
  });
});
