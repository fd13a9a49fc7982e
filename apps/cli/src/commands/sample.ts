/**
 * `rnnlab sample`: generate from a checkpoint (the trainer does the decoding) and print the text.
 * Bounds that need no checkpoint are checked while parsing; what depends on the checkpoint (which
 * options apply, the prime's characters) is checked by the trainer after loading it.
 */
import { sample } from '@rnnlab/trainer';
import { UsageError, parseSampleArgs } from '../args';
import { isBadInput } from '../errors';
import { requireExists } from '../files';
import { requireEngine } from '../require-engine';
import { commandUsage } from '../usage';

export async function sampleCommand(argv: string[]): Promise<number> {
  const args = parseSampleArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('sample'));
    return 0;
  }
  await requireExists(args.checkpoint, '--checkpoint');
  requireEngine(args.engine);
  const text = await sample({
    checkpoint: args.checkpoint,
    prime: args.prime,
    length: args.length,
    temperature: args.temperature,
    topK: args.topK,
    beam: args.beam,
    category: args.category,
    count: args.count,
    seed: args.seed,
    engine: args.engine,
    threads: args.threads,
  }).catch((err: unknown) => {
    // the trainer lists one problem per line, each naming its flag: report them as a usage error does
    if (isBadInput(err) && err instanceof Error && !(err instanceof UsageError)) throw new UsageError(err.message);
    throw err;
  });
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
