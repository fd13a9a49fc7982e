/**
 * `rnnlab sample`: generate from a checkpoint (the trainer does the decoding) and print the text.
 */
import { sample } from '@rnnlab/trainer';
import { parseSampleArgs } from '../args';
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
    seed: args.seed,
    engine: args.engine,
    threads: args.threads,
  });
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
