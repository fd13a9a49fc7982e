/**
 * Where the store lives, from `openStore(url)` or the DATABASE_URL environment variable:
 * - unset: SQLite in `$RNNLAB_HOME/rnnlab.db` (RNNLAB_HOME defaults to `~/.rnnlab`, created when missing)
 * - `sqlite:PATH` (also `sqlite://PATH`, so `sqlite:///abs/path` works), `sqlite::memory:` for tests
 * - `postgres://…` or `postgresql://…` for a team or a multi-machine fleet
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { StoreConfigError } from './errors/store-config-error';

export type StoreDialect = 'sqlite' | 'postgres';

export type DatabaseTarget =
  | {
      dialect: 'sqlite';
      /** an absolute path, or `:memory:` */
      path: string;
      /** RNNLAB_HOME, to create when missing; null for an explicit `sqlite:` URL */
      createDir: string | null;
      /** for messages */
      location: string;
    }
  | { dialect: 'postgres'; url: string; location: string };

export const DATABASE_URL_FORMS =
  'sqlite:PATH, sqlite::memory: (tests), postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE or postgresql://…';

export const DEFAULT_DATABASE_FILE = 'rnnlab.db';

/** The URL with its password replaced by `***`, safe for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/**
 * Resolve a database URL (the argument, else `env.DATABASE_URL`, else the default SQLite file)
 * into a target, or throw a StoreConfigError naming what was received and the allowed forms.
 */
export function resolveDatabaseTarget(url?: string, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const fromEnv = url === undefined;
  const raw = (fromEnv ? env.DATABASE_URL : url)?.trim() ?? '';
  const source = fromEnv ? 'DATABASE_URL' : 'database URL';

  if (raw === '') {
    if (!fromEnv) throw new StoreConfigError(`empty database URL: use ${DATABASE_URL_FORMS}, or leave DATABASE_URL unset for the default SQLite file`);
    const home = resolve(expandHome(env.RNNLAB_HOME?.trim() || join(homedir(), '.rnnlab')));
    const path = join(home, DEFAULT_DATABASE_FILE);
    return { dialect: 'sqlite', path, createDir: home, location: `sqlite:${path}` };
  }

  if (raw.startsWith('sqlite:')) {
    let rest = raw.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2);
    if (rest === '') throw new StoreConfigError(`${source} "${raw}" has no path: use sqlite:PATH or sqlite::memory:`);
    if (rest.includes('\0')) throw new StoreConfigError(`${source} contains a NUL character`);
    if (rest === ':memory:') return { dialect: 'sqlite', path: ':memory:', createDir: null, location: 'sqlite::memory:' };
    const path = resolve(expandHome(rest));
    return { dialect: 'sqlite', path, createDir: null, location: `sqlite:${path}` };
  }

  if (/^postgres(ql)?:\/\//i.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new StoreConfigError(`${source} "${redactDatabaseUrl(raw)}" is not a valid URL: expected ${DATABASE_URL_FORMS}`);
    }
    return { dialect: 'postgres', url: raw, location: redactDatabaseUrl(raw) };
  }

  throw new StoreConfigError(
    `${source} "${redactDatabaseUrl(raw)}" is not supported: set DATABASE_URL (or pass a URL) as one of ${DATABASE_URL_FORMS}`,
  );
}
