import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { dashboardEnv } from './dashboard-process';

describe('dashboardEnv', () => {
  it('turns sign-in on for a dashboard listening beyond loopback, unless RNNLAB_AUTH says otherwise', () => {
    expect(dashboardEnv('0.0.0.0', {}).RNNLAB_AUTH).toBe('required');
    expect(dashboardEnv('192.0.2.10', {}).RNNLAB_AUTH).toBe('required');
    expect(dashboardEnv('0.0.0.0', { RNNLAB_AUTH: 'auto' }).RNNLAB_AUTH).toBe('auto');
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect([host, dashboardEnv(host, {}).RNNLAB_AUTH]).toEqual([host, undefined]);
  });

  it('refuses an RNNLAB_AUTH that is not a mode before starting anything', () => {
    expect(() => dashboardEnv('127.0.0.1', { RNNLAB_AUTH: 'off' })).toThrow(UsageError);
    expect(() => dashboardEnv('127.0.0.1', { RNNLAB_AUTH: 'off' })).toThrow(/RNNLAB_AUTH="off" is not a mode/);
  });
});
