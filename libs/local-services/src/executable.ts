import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The absolute path of an executable file called `name` in the first directory of `searchPath`
 * (default: this process's PATH) that has one, or undefined. Like `command -v`, without a shell.
 *
 * @example
 * findExecutable('redis-server'); // '/usr/bin/redis-server' on Debian with redis-server installed
 */
export function findExecutable(name: string, searchPath: string = process.env.PATH ?? ''): string | undefined {
  if (name === '' || name.includes('/')) throw new Error(`findExecutable(): expected a bare command name, got ${JSON.stringify(name)}`);
  for (const dir of searchPath.split(delimiter)) {
    // An empty or relative PATH entry means "the current directory" to a shell: never trust it here.
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here, or not executable: try the next directory
    }
  }
  return undefined;
}
