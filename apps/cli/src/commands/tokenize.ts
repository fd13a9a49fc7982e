/**
 * `rnnlab tokenize`: fit a tokenizer on a text (or on --fit-file) and show how it splits the input:
 * the first tokens with their ids, the vocabulary size and, for BPE, the first merges learned.
 */
import { decodeTextCorpus, MAX_TEXT_BYTES } from '@rnnlab/datasets';
import { createTokenizer, type Tokenizer } from '@rnnlab/tokenization';
import { parseTokenizeArgs, UsageError } from '../args';
import { readBytes } from '../files';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';

const PREVIEW_TOKENS = 50;
const PREVIEW_MERGES = 20;

export async function tokenizeCommand(argv: string[]): Promise<number> {
  const args = parseTokenizeArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('tokenize'));
    return 0;
  }
  const input = args.file !== undefined ? await readText(args.file, '--file') : (args.text as string);
  const fitText = args.fitFile !== undefined ? await readText(args.fitFile, '--fit-file') : input;

  let tok: Tokenizer;
  try {
    tok = createTokenizer(args.tokenizer, { lowercase: args.lowercase, ...(args.vocabSize !== undefined && { maxVocab: args.vocabSize }) });
  } catch (err) {
    throw new UsageError(`--vocab-size: ${(err as Error).message}`);
  }
  try {
    tok.fit(fitText);
  } catch (err) {
    throw new UsageError(`${args.fitFile !== undefined ? '--fit-file' : args.file !== undefined ? '--file' : '--text'}: ${(err as Error).message}`);
  }
  const ids = tok.encode(input);

  const fittedOn = args.fitFile ?? args.file ?? 'the --text input';
  const out: string[] = [
    `tokenizer   ${args.tokenizer}${args.lowercase ? ' (lowercase)' : ''}`,
    `fitted on   ${fittedOn} (${codePoints(fitText).toLocaleString('en-US')} characters)`,
    `vocab size  ${tok.vocabSize.toLocaleString('en-US')}`,
    `tokens      ${ids.length.toLocaleString('en-US')}${ids.length > PREVIEW_TOKENS ? ` (first ${PREVIEW_TOKENS} shown)` : ''}`,
    '',
  ];
  const rows = ids.slice(0, PREVIEW_TOKENS).map((id, i) => [String(i), String(id), JSON.stringify(tok.idToToken(id))]);
  out.push(formatTable(['#', 'id', 'token'], rows, [0, 1]));
  out.push(`ids: ${ids.slice(0, PREVIEW_TOKENS).join(' ')}${ids.length > PREVIEW_TOKENS ? ' ...' : ''}`);

  const merges = tok.toJSON().merges;
  if (merges) {
    out.push('', `merges: ${merges.length.toLocaleString('en-US')} learned${merges.length > PREVIEW_MERGES ? `, first ${PREVIEW_MERGES}` : ''}`);
    merges.slice(0, PREVIEW_MERGES).forEach(([a, b], i) => {
      out.push(`  ${String(i + 1).padStart(3)}  ${JSON.stringify(a)} + ${JSON.stringify(b)} -> ${JSON.stringify(a + b)}`);
    });
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** Strict UTF-8 (invalid bytes are an error), the same decoding the text task uses for training. */
async function readText(path: string, label: string): Promise<string> {
  const bytes = await readBytes(path, label, MAX_TEXT_BYTES);
  try {
    return decodeTextCorpus(bytes, `"${path}"`);
  } catch (err) {
    throw new UsageError(`${label}: ${(err as Error).message}`);
  }
}

/** Characters as a reader counts them (code points), not UTF-16 units: "naïve 🙂" is 7. */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
