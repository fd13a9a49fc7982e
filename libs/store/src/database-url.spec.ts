import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactDatabaseUrl, resolveDatabaseTarget } from './database-url';
import { StoreConfigError } from './errors/store-config-error';

describe('resolveDatabaseTarget', () => {
  it('defaults to rnnlab.db under RNNLAB_HOME, else ~/.rnnlab', () => {
    expect(resolveDatabaseTarget(undefined, { RNNLAB_HOME: '/srv/rnnlab' })).toEqual({
      dialect: 'sqlite',
      path: '/srv/rnnlab/rnnlab.db',
      createDir: '/srv/rnnlab',
      location: 'sqlite:/srv/rnnlab/rnnlab.db',
    });
    const home = join(homedir(), '.rnnlab');
    expect(resolveDatabaseTarget(undefined, {})).toMatchObject({ path: join(home, 'rnnlab.db'), createDir: home });
    expect(resolveDatabaseTarget(undefined, { DATABASE_URL: '  ', RNNLAB_HOME: '~/lab' })).toMatchObject({
      path: join(homedir(), 'lab', 'rnnlab.db'),
    });
  });

  it('takes the argument over DATABASE_URL, and DATABASE_URL over the default', () => {
    expect(resolveDatabaseTarget('sqlite::memory:', { DATABASE_URL: 'postgres://x/y' })).toMatchObject({ dialect: 'sqlite', path: ':memory:' });
    expect(resolveDatabaseTarget(undefined, { DATABASE_URL: 'postgresql://u@db:5433/lab' })).toMatchObject({
      dialect: 'postgres',
      url: 'postgresql://u@db:5433/lab',
    });
  });

  it('accepts sqlite:PATH, sqlite://PATH and relative paths, without creating directories', () => {
    expect(resolveDatabaseTarget('sqlite:/tmp/a.db', {})).toMatchObject({ path: '/tmp/a.db', createDir: null });
    expect(resolveDatabaseTarget('sqlite:///tmp/a.db', {})).toMatchObject({ path: '/tmp/a.db' });
    expect(resolveDatabaseTarget('sqlite:data/a.db', {})).toMatchObject({ path: resolve('data/a.db') });
  });

  it('refuses other forms with a StoreConfigError naming DATABASE_URL and the allowed forms', () => {
    const bad = ['mysql://u@h/db', 'lab.db', 'sqlite:', 'postgres://[bad', 'http://x'];
    for (const url of bad) {
      expect(() => resolveDatabaseTarget(undefined, { DATABASE_URL: url }), url).toThrow(StoreConfigError);
    }
    expect(() => resolveDatabaseTarget(undefined, { DATABASE_URL: 'mysql://u@h/db' })).toThrow(
      /DATABASE_URL "mysql:\/\/u@h\/db" is not supported.*sqlite:PATH, sqlite::memory:.*postgres:\/\//,
    );
    expect(() => resolveDatabaseTarget('', {})).toThrow(/empty database URL/);
  });

  it('never echoes a password', () => {
    expect(resolveDatabaseTarget('postgres://u:s3cret@h/db', {}).location).toBe('postgres://u:***@h/db');
    expect(() => resolveDatabaseTarget(undefined, { DATABASE_URL: 'mysql://u:s3cret@h/db' })).toThrow(/u:\*\*\*@h/);
    expect(redactDatabaseUrl('postgres://u:s3cret@[bad')).not.toContain('s3cret');
  });
});
