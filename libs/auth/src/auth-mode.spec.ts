import { describe, expect, it } from 'vitest';
import { authModeFromEnv, isLoopbackHost } from './auth-mode';
import { AuthConfigError } from './errors/auth-config-error';

describe('authModeFromEnv', () => {
  it('is auto unless RNNLAB_AUTH says required', () => {
    expect(authModeFromEnv({})).toBe('auto');
    expect(authModeFromEnv({ RNNLAB_AUTH: ' ' })).toBe('auto');
    expect(authModeFromEnv({ RNNLAB_AUTH: 'Required' })).toBe('required');
  });

  it('refuses a value that is not a mode, naming it and the modes', () => {
    expect(() => authModeFromEnv({ RNNLAB_AUTH: 'off' })).toThrow(AuthConfigError);
    expect(() => authModeFromEnv({ RNNLAB_AUTH: 'off' })).toThrow(/RNNLAB_AUTH="off" is not a mode: use auto or required/);
  });
});

describe('isLoopbackHost', () => {
  it('knows the names of this machine', () => {
    for (const h of ['127.0.0.1:3000', '127.0.0.1', 'localhost:3000', 'LOCALHOST', 'app.localhost:80', '127.1.2.3:9', '[::1]:3000', '[::1]']) expect([h, isLoopbackHost(h)]).toEqual([h, true]);
  });

  it('refuses every other name, including ones that only look like loopback', () => {
    for (const h of ['evil.example:3000', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.1:3000', '0.0.0.0:3000', '127.0.0.256', '[::2]:3000', '', null, undefined]) expect([h, isLoopbackHost(h)]).toEqual([h, false]);
  });
});
