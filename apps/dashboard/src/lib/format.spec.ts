import { describe, expect, it } from 'vitest';
import { fmtGroup } from './format';

describe('fmtGroup', () => {
  it('capitalises the cell and leaves the rest as it is', () => {
    expect(fmtGroup('gru')).toBe('GRU');
    expect(fmtGroup('lstm context=attention')).toBe('LSTM context=attention');
    expect(fmtGroup('rnn lr=0.003 hidden=64')).toBe('RNN lr=0.003 hidden=64');
    expect(fmtGroup('grumpy')).toBe('grumpy');
  });
});
