import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { fieldLine, remoteOf } from './remote';

describe('remoteOf', () => {
  it('is null without RNNLAB_URL, and reads the address and the token', () => {
    expect(remoteOf({})).toBeNull();
    expect(remoteOf({ RNNLAB_URL: '  ' })).toBeNull();
    expect(remoteOf({ RNNLAB_URL: 'https://rnnlab.example.org/', RNNLAB_TOKEN: ' rnl_abc ' })).toEqual({ url: 'https://rnnlab.example.org', token: 'rnl_abc' });
    expect(remoteOf({ RNNLAB_URL: 'http://127.0.0.1:3000' })).toEqual({ url: 'http://127.0.0.1:3000', token: null });
  });

  it('refuses an address that is not http(s), or that carries credentials', () => {
    expect(() => remoteOf({ RNNLAB_URL: 'not a url' })).toThrow(UsageError);
    expect(() => remoteOf({ RNNLAB_URL: 'file:///etc/passwd' })).toThrow(/expected an http:\/\/ or https:\/\/ address/);
    expect(() => remoteOf({ RNNLAB_URL: 'http://eve:secret@example.org' })).toThrow(/no credentials in the address/);
  });
});

describe('fieldLine', () => {
  it('names the flag that sets the field', () => {
    expect(fieldLine('base.train.lr', 'expected a positive number')).toBe('--lr: expected a positive number');
    expect(fieldLine('task.lag', 'applies to task copy only')).toBe('--lag: applies to task copy only');
    expect(fieldLine('cells.1', 'expected one of rnn, lstm, gru')).toBe('--cells: expected one of rnn, lstm, gru');
    expect(fieldLine('search.text', 'unknown option "lrr"')).toBe('--grid/--random: unknown option "lrr"');
    expect(fieldLine('body', 'not JSON')).toBe('body: not JSON');
    expect(fieldLine('', 'refused')).toBe('refused');
  });
});
