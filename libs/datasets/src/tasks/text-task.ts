/**
 * Task `text` (lm): a local UTF-8 file (task.path), or an uploaded dataset (task.upload) whose text
 * the caller read from the store and passes in (DatasetSources.text). The text is a stream, so it is split
 * contiguously, never shuffled: the first 1 - val - test of it trains (80% by default), then
 * validation, then test. Cuts are moved forward to the next line break (or whitespace) when one is
 * near, so no word straddles two splits; the tokenizer is fitted on the train part only.
 */
import type { TaskConfig } from '@rnnlab/contracts';
import { DataError } from '../errors/data-error';
import { normalizeCorpusText, readTextCorpus } from '../sources/text-file-source';
import type { DatasetSources, PreparedDataset } from '../types';
import { lmDataset } from './lm-dataset';
import { mapSplits } from './map-splits';
import { fitTaskTokenizer } from './task-tokenizer';

/** how far a cut may move forward to reach a line break or a space */
const SNAP_DISTANCE = 4096;

export async function prepareText(task: TaskConfig, sources: DatasetSources = {}): Promise<PreparedDataset> {
  const { text, source, label } = await corpusOf(task, sources);
  const trainEnd = snapCut(text, Math.round(text.length * (1 - task.valFraction - task.testFraction)));
  const valEnd = Math.max(trainEnd, snapCut(text, Math.round(text.length * (1 - task.testFraction))));
  const parts = { train: text.slice(0, trainEnd), val: text.slice(trainEnd, valEnd), test: text.slice(valEnd) };
  if (parts.train.trim().length === 0) {
    const share = Math.round((1 - task.valFraction - task.testFraction) * 100);
    throw new DataError(
      `the train part of ${source} holds no text: task.valFraction ${task.valFraction} and ` +
        `task.testFraction ${task.testFraction} leave it the first ${share}% of the ${text.length} characters; lower them`,
    );
  }
  const tok = fitTaskTokenizer(task.tokenizer, task, parts.train, { nfc: true });
  const streams = mapSplits(parts, (t) => Int32Array.from(tok.encode(t)));
  return lmDataset({
    name: 'text',
    describe:
      `${label} (${task.tokenizer} lm): ${text.length} characters, ` +
      `train/val/test ${streams.train.length}/${streams.val.length}/${streams.test.length} tokens; V=${tok.vocabSize}`,
    tokenizer: tok,
    streams,
    defaultWindow: task.seqLen,
  });
}

/** The corpus and how to name it (in errors, in the description): the upload's text passed in, or the file read here. */
async function corpusOf(task: TaskConfig, sources: DatasetSources): Promise<{ text: string; source: string; label: string }> {
  if (task.upload !== undefined) {
    const source = `upload ${task.upload.slice(0, 12)}`;
    if (sources.text === undefined) {
      throw new DataError(`task.upload: the text of upload ${task.upload} was not given to prepareDataset() (read it from the store and pass it as sources.text)`);
    }
    // stored normalized already; normalizing again keeps a hand-passed text on the file path's rules
    return { text: normalizeCorpusText(sources.text, source), source, label: source };
  }
  if (task.path === undefined) throw new DataError('task.path: required for task "text" (a local UTF-8 file), or task.upload (an uploaded dataset)');
  if (sources.text !== undefined) throw new DataError('prepareDataset(): sources.text is the text of task.upload; task.path is read from the file');
  return { text: await readTextCorpus(task.path), source: `"${task.path}"`, label: `text file ${task.path}` };
}

/** Move a cut forward to just after a line break, else after a whitespace, within SNAP_DISTANCE. */
function snapCut(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.min(Math.max(at, 0), text.length);
  if (text[at - 1] === '\n') return at; // already at a line start
  const nl = text.indexOf('\n', at);
  if (nl !== -1 && nl - at <= SNAP_DISTANCE) return nl + 1;
  const ws = /\s/.exec(text.slice(at, at + SNAP_DISTANCE));
  if (ws) return at + ws.index + 1;
  // no break nearby: cut between code points, never inside a surrogate pair
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at + 1 : at;
}
