/**
 * The `rnnlab` entry point: dispatch a subcommand and map errors to exit codes
 * (0 ok, 1 failure, 2 bad input, 130 interrupted). Commands are imported lazily so that
 * `rnnlab --help` does not load tfjs or the datasets.
 */
import { reportError } from './errors';
import { isSupervisedChild, superviseTrain } from './supervise';
import { COMMAND_HELP, commandUsage, mainUsage } from './usage';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS = new Map<string, () => Promise<Command>>([
  ['train', async () => (await import('./commands/train')).trainCommand],
  ['sample', async () => (await import('./commands/sample')).sampleCommand],
  ['verify', async () => (await import('./commands/verify')).verifyCommand],
  ['bench', async () => (await import('./commands/bench')).benchCommand],
  ['engines', async () => (await import('./commands/engines')).enginesCommand],
  ['datasets', async () => (await import('./commands/datasets')).datasetsCommand],
  ['tokenize', async () => (await import('./commands/tokenize')).tokenizeCommand],
  ['submit', async () => (await import('./commands/submit')).submitCommand],
  ['runs', async () => (await import('./commands/runs')).runsCommand],
  ['show', async () => (await import('./commands/show')).showCommand],
  ['wait', async () => (await import('./commands/wait')).waitCommand],
  ['cancel', async () => (await import('./commands/cancel')).cancelCommand],
  ['retry', async () => (await import('./commands/retry')).retryCommand],
  ['evaluate', async () => (await import('./commands/evaluate')).evaluateCommand],
  ['compare', async () => (await import('./commands/compare')).compareCommand],
  ['sweep', async () => (await import('./commands/sweep')).sweepCommand],
  ['report', async () => (await import('./commands/report')).reportCommand],
  ['watch', async () => (await import('./commands/watch')).watchCommand],
  ['fleet', async () => (await import('./commands/fleet')).fleetCommand],
  ['worker', async () => (await import('./commands/worker')).workerCommand],
  ['up', async () => (await import('./commands/up')).upCommand],
  ['dashboard', async () => (await import('./commands/dashboard')).dashboardCommand],
  ['users', async () => (await import('./commands/users')).usersCommand],
]);

/**
 * Run the CLI and return the process exit code.
 * @example process.exitCode = await main(process.argv.slice(2));
 */
/** the fleet commands that talk to RNNLAB_URL's dashboard when it is set (see remote.ts) */
export const REMOTE_COMMANDS = new Set(['submit', 'compare', 'sweep', 'runs', 'show', 'report', 'cancel']);
/** the fleet commands that need the store and Redis themselves: refused with RNNLAB_URL set, rather than quietly using a local store */
const LOCAL_FLEET_ONLY = new Set(['wait', 'watch', 'retry', 'evaluate', 'fleet']);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(mainUsage());
    return 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`rnnlab ${await version()}\n`);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !COMMANDS.has(topic)) return unknownCommand(topic);
    process.stdout.write(topic === undefined ? mainUsage() : commandUsage(topic));
    return 0;
  }
  const load = COMMANDS.get(name);
  if (!load) return unknownCommand(name);
  if (name === 'train' && !isSupervisedChild()) return superviseTrain();
  if (process.env.RNNLAB_URL?.trim() && LOCAL_FLEET_ONLY.has(name)) {
    process.stderr.write(`rnnlab: ${name}: not against a remote dashboard (RNNLAB_URL is set; over it: ${[...REMOTE_COMMANDS].join(', ')}); unset RNNLAB_URL to use the fleet that DATABASE_URL and REDIS_URL name\n`);
    return 2;
  }
  try {
    const run = await load();
    return await run(rest);
  } catch (err) {
    return reportError(err);
  }
}

function unknownCommand(name: string): number {
  const names = COMMAND_HELP.map((c) => c.name).join(', ');
  process.stderr.write(`rnnlab: unknown command ${JSON.stringify(name)} (commands: ${names}, help)\nRun \`rnnlab --help\` for usage.\n`);
  return 2;
}

/** The version of the workspace's package.json (the CLI ships with the repository). */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
