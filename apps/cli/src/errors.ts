/**
 * Turning an error into a message on stderr and an exit code: 2 for bad input (usage errors,
 * invalid configs, bad data: nothing can succeed by retrying), 1 for anything else. Config paths
 * in the bad-input messages of `rnnlab train` (`train.batch`) are shown as the flags that set them (`--batch`).
 */
import { ConfigError } from '@rnnlab/contracts';
import { flagForPath, UsageError } from './args';

export function isBadInput(err: unknown): boolean {
  if (err instanceof UsageError || err instanceof ConfigError) return true;
  // DataError and other libs' unrecoverable errors carry this marker (see libs/datasets errors/)
  return typeof err === 'object' && err !== null && (err as { unrecoverable?: unknown }).unrecoverable === true;
}

/**
 * A dotted RunConfig path in prose (`lower train.batch`), not part of a longer name, a file name
 * (`/data/train.steps.txt`) or a call. Libraries name config fields because they cannot know flags.
 */
const CONFIG_PATH_RE = /(?<![\w./-])(?:seed|task|model|train)\.[A-Za-z][A-Za-z0-9]*(?![\w/(-]|\.\w)/g;

/**
 * `lower train.batch or the window` -> `lower --batch or the window`: the user typed flags. Quoted
 * text (file names, values) is left alone, and so is a line that names the path's flag already:
 * a config-file field is reported under its path, `model.hidden: … (flag --hidden)`.
 */
export function pathsToFlags(line: string): string {
  return line
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(CONFIG_PATH_RE, (path) => {
            const flag = flagForPath(path);
            return flag && !new RegExp(`${flag}(?![\\w-])`).test(line) ? flag : path;
          }),
    )
    .join('');
}

/**
 * Print `rnnlab: <message>` and return the exit code. `command` is the subcommand that failed:
 * config paths become flags only for `train`, the command whose flags set them (a checkpoint's
 * config that `sample` rejects is not fixed with `--lr`). The default reads it from the command line.
 */
export function reportError(
  err: unknown,
  stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
  command: string | undefined = process.argv[2],
): number {
  const message = err instanceof Error ? err.message : String(err);
  // a usage error lists one problem per line, each naming its flag; so does a config error
  const lines = err instanceof UsageError ? message.split('\n') : err instanceof ConfigError ? err.issues : [message];
  const shown = isBadInput(err) && command === 'train' ? lines.map(pathsToFlags) : lines;
  stderr.write(shown.map((l) => `rnnlab: ${l}\n`).join(''));
  if (!isBadInput(err) && err instanceof Error && err.stack && process.env.RNNLAB_DEBUG) stderr.write(`${err.stack}\n`);
  return isBadInput(err) ? 2 : 1;
}
