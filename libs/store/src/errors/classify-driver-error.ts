/**
 * Sorts the drivers' errors (better-sqlite3's `SQLITE_*` codes, PostgreSQL SQLSTATEs, Node's
 * socket errors, pg's code-less connection messages) into the store's taxonomy, so that a worker
 * can tell "retry later" from "never retry" without knowing which database it talks to.
 * Anything not recognised is returned unchanged: a bug should surface as itself.
 */
import { StoreConfigError } from './store-config-error';
import { StoreError } from './store-error';
import { StoreInputError } from './store-input-error';
import { StoreUnavailableError } from './store-unavailable-error';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
// pg reports these without a code
const PG_CONNECTION_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|connection error|cannot use a pool after calling end/i;

function codeOf(error: Error): string {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string' && own) return own;
  // Node's happy-eyeballs connect (localhost -> ::1 and 127.0.0.1) throws an AggregateError
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const c = (inner as { code?: unknown } | null)?.code;
      if (typeof c === 'string' && c) return c;
    }
  }
  return '';
}

function kindOfSqlite(code: string): 'unavailable' | 'config' | 'input' | null {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'unavailable';
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return 'unavailable';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'input';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) return 'config';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'config';
  return null;
}

function kindOfSqlState(code: string): 'unavailable' | 'config' | 'input' | null {
  const cls = code.slice(0, 2);
  // 08 connection exception, 53 insufficient resources (disk full, too many connections),
  // 57P0x server shutting down / starting up, 40001/40P01 serialization failure / deadlock
  if (cls === '08' || cls === '53' || /^57P0[1-4]$/.test(code)) return 'unavailable';
  if (code === '40001' || code === '40P01' || code === '55P03') return 'unavailable';
  // 23503 foreign key violation, 22 data exception (a value the column cannot hold)
  if (code === '23503' || cls === '22') return 'input';
  // 3D000 database does not exist, 28 authentication, 42501 insufficient privilege
  if (code === '3D000' || cls === '28' || code === '42501') return 'config';
  return null;
}

/** `method` and `location` start the message: `getRun() on postgres://db:5432/rnnlab: …`. */
export function classifyDriverError(error: unknown, method: string, location: string): unknown {
  if (!(error instanceof Error) || error instanceof StoreError) return error;
  const code = codeOf(error);
  let kind: 'unavailable' | 'config' | 'input' | null = null;
  if (code.startsWith('SQLITE_')) kind = kindOfSqlite(code);
  else if (/^[0-9A-Z]{5}$/.test(code)) kind = kindOfSqlState(code);
  else if (NETWORK_CODES.has(code)) kind = 'unavailable';
  else if (!code && PG_CONNECTION_MESSAGE.test(error.message)) kind = 'unavailable';
  if (kind === null) return error;

  const detail = `${code ? `${code}: ` : ''}${error.message || error.name}`;
  const where = `${method}() on ${location}`;
  if (kind === 'unavailable') {
    return new StoreUnavailableError(`${where}: database unavailable, retry later (${detail})`, { cause: error });
  }
  if (kind === 'input') {
    const why = code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503' ? 'refers to a row that does not exist' : 'cannot be stored';
    return new StoreInputError(`${where}: the input ${why} (${detail})`, { cause: error });
  }
  return new StoreConfigError(`${where}: the database cannot be used as configured (${detail})`, { cause: error });
}
