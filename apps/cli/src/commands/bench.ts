/**
 * `rnnlab bench`: tokens/s of full training steps, one config or the standard matrix.
 */
import type { CellKind } from '@rnnlab/contracts';
import { benchTraining, listEngines, type BenchResult } from '@rnnlab/trainer';
import { parseBenchArgs } from '../args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';

/** The matrix of ../shared/bench/common_flops.json. */
const MATRIX: [CellKind, number, number][] = [
  ['rnn', 1, 256], ['lstm', 1, 256], ['gru', 1, 256],
  ['rnn', 2, 256], ['lstm', 2, 256], ['gru', 2, 256],
  ['lstm', 1, 128], ['lstm', 1, 512],
];

export async function benchCommand(argv: string[]): Promise<number> {
  const a = parseBenchArgs(argv);
  if (a.help) {
    process.stdout.write(commandUsage('bench'));
    return 0;
  }
  const configs: [CellKind, number, number][] = a.cell ? [[a.cell, a.layers ?? 1, a.hidden ?? 256]] : MATRIX;
  const engines = a.cell || a.engine !== 'auto' ? [a.engine] : listEngines().filter((e) => e.available).map((e) => e.name as 'tfjs');
  const results: BenchResult[] = [];
  for (const engine of engines) {
    for (const [cell, layers, hidden] of configs) {
      const r = await benchTraining({ engine, cell, layers, hidden, batch: a.batch, seqLen: a.seqLen, vocab: a.vocab, minTime: a.minTime, reps: a.reps });
      results.push(r);
      if (a.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else process.stderr.write(`  ${r.engine}/${r.backend} ${cell} L${layers} H${hidden}: ${Math.round(r.tokens_per_s)} tokens/s (${(r.sec_per_step * 1000).toFixed(1)} ms/step)\n`);
    }
  }
  if (!a.json) {
    const rows = results.map((r) => [r.engine, r.backend, r.cell, String(r.layers), String(r.hidden), (r.sec_per_step * 1000).toFixed(1), Math.round(r.tokens_per_s).toLocaleString('en-US')]);
    process.stdout.write(formatTable(['engine', 'backend', 'cell', 'L', 'H', 'ms/step', 'tokens/s'], rows, [3, 4, 5, 6]));
  }
  return 0;
}
