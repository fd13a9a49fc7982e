import { describe, expect, it } from 'vitest';
import { classifyDriverError } from './classify-driver-error';
import { StoreConfigError } from './store-config-error';
import { StoreInputError } from './store-input-error';
import { StoreUnavailableError } from './store-unavailable-error';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('classifyDriverError', () => {
  it.each([
    ['SQLITE_BUSY', StoreUnavailableError],
    ['SQLITE_IOERR_WRITE', StoreUnavailableError],
    ['SQLITE_FULL', StoreUnavailableError],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', StoreInputError],
    ['SQLITE_CANTOPEN', StoreConfigError],
    ['SQLITE_NOTADB', StoreConfigError],
    ['ECONNREFUSED', StoreUnavailableError],
    ['08006', StoreUnavailableError],
    ['57P01', StoreUnavailableError],
    ['53300', StoreUnavailableError],
    ['40001', StoreUnavailableError],
    ['23503', StoreInputError],
    ['3D000', StoreConfigError],
    ['28P01', StoreConfigError],
  ])('%s -> %o', (code, cls) => {
    const e = classifyDriverError(withCode(code), 'getRun', 'sqlite:/x.db');
    expect(e).toBeInstanceOf(cls);
    expect((e as Error).message).toMatch(new RegExp(`^getRun\\(\\) on sqlite:/x\\.db: .*${code}: boom`));
    expect((e as Error).cause).toBeInstanceOf(Error);
  });

  it('reads the code inside an AggregateError and pg messages without a code', () => {
    const agg = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(classifyDriverError(agg, 'openStore', 'pg')).toBeInstanceOf(StoreUnavailableError);
    expect(classifyDriverError(new Error('Connection terminated unexpectedly'), 'm', 'pg')).toBeInstanceOf(StoreUnavailableError);
    expect((classifyDriverError(withCode('ECONNREFUSED'), 'm', 'pg') as StoreUnavailableError).retryable).toBe(true);
    expect((classifyDriverError(withCode('3D000'), 'm', 'pg') as StoreConfigError).unrecoverable).toBe(true);
  });

  it('returns unknown errors unchanged', () => {
    const e = withCode('SQLITE_CONSTRAINT_CHECK');
    expect(classifyDriverError(e, 'm', 'x')).toBe(e);
    const t = new TypeError('bug');
    expect(classifyDriverError(t, 'm', 'x')).toBe(t);
    expect(classifyDriverError('str', 'm', 'x')).toBe('str');
  });
});
