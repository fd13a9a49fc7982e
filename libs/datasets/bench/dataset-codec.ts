/**
 * Prepared-dataset codec benchmark: encoded size and encode / decode time, next to the time
 * prepareDataset() takes (what decoding saves a worker), for the names task and a ~1 MB text file
 * (SpamAssassin message texts) with a BPE tokenizer.
 *
 *   node --import tsx libs/datasets/bench/dataset-codec.ts
 *
 * Options by environment: BENCH_REPEATS (default 20), BENCH_TEXT_BYTES (1048576).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskConfigSchema, type TaskConfig } from '@rnnlab/contracts';
import { decodeDataset, encodeDataset, prepareDataset } from '../src/index';
import { loadLabelledEmails } from '../src/sources/spam-source';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const TEXT_BYTES = Number(process.env.BENCH_TEXT_BYTES ?? 1024 * 1024);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function bench(label: string, task: TaskConfig): Promise<void> {
  let t0 = process.hrtime.bigint();
  const ds = await prepareDataset(task, 1);
  const prepare = ms(t0);
  const enc: number[] = [];
  const dec: number[] = [];
  let bytes: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < REPEATS; i++) {
    t0 = process.hrtime.bigint();
    bytes = encodeDataset(ds);
    enc.push(ms(t0));
    t0 = process.hrtime.bigint();
    decodeDataset(bytes);
    dec.push(ms(t0));
  }
  t0 = process.hrtime.bigint();
  createHash('sha256').update(bytes).digest('hex');
  const hash = ms(t0);
  const tokens = ds.tokenStreams ? ds.tokenStreams.train.length + ds.tokenStreams.val.length + ds.tokenStreams.test.length : 0;
  console.log(
    `${label.padEnd(18)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB  ${String(tokens).padStart(8)} tokens  ` +
      `V=${String(ds.outputSize).padEnd(5)} prepare ${prepare.toFixed(1).padStart(7)} ms  ` +
      `encode ${median(enc).toFixed(2).padStart(6)} ms  decode ${median(dec).toFixed(2).padStart(6)} ms  sha256 ${hash.toFixed(2)} ms`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-codec-bench-'));
  try {
    let text = '';
    for (const e of loadLabelledEmails()) {
      if (text.length >= TEXT_BYTES) break;
      text += `${e.text}\n`;
    }
    const path = join(dir, 'corpus.txt');
    writeFileSync(path, text.slice(0, TEXT_BYTES));
    console.log(`median of ${REPEATS} encode/decode runs; text file: ${(Buffer.byteLength(text.slice(0, TEXT_BYTES)) / 1024).toFixed(0)} KiB`);
    await bench('names (char)', TaskConfigSchema.parse({ name: 'names' }));
    await bench('text 1 MB (bpe)', TaskConfigSchema.parse({ name: 'text', path, tokenizer: 'bpe' }));
    await bench('text 1 MB (char)', TaskConfigSchema.parse({ name: 'text', path, tokenizer: 'char' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
