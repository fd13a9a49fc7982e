import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planRequest } from './plan-request';
import type { UploadReader } from './uploads';

const text = Array.from({ length: 200 }, (_, i) => `sentence number ${i} about recurrent networks`).join('\n') + '\n';
const id = createHash('sha256').update(text, 'utf8').digest('hex');
const missing = 'f'.repeat(64);

/** an in-memory store of one upload, counting what was read */
function reader(): UploadReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    uploadText: async (u) => (reads.push(`text ${u}`), u === id ? text : null),
    hasUpload: async (u) => (reads.push(`has ${u}`), u === id),
  };
}

const compare = (upload: string) => ({ kind: 'compare', base: { task: { name: 'text', upload, seqLen: 16 }, model: { hidden: 16 }, train: { steps: 50 } }, cells: ['rnn', 'gru'], seeds: 1, match: 'params' });
const run = (upload: string) => ({ kind: 'run', config: { task: { name: 'text', upload, seqLen: 16 }, model: { cell: 'gru', hidden: 16 }, train: { steps: 50 } } });

describe('planning on an uploaded dataset', () => {
  it('prepares a comparison’s dataset from the upload’s text, read through the reader', async () => {
    const uploads = reader();
    const r = await planRequest(compare(id), { uploads });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(uploads.reads).toEqual([`text ${id}`]);
    expect(r.plan.kind).toBe('compare');
    if (r.plan.kind !== 'compare') return;
    expect(r.plan.submission.runs.every((c) => c.task.upload === id)).toBe(true);
    // match params needed the vocabulary: the parameter counts are within 2%
    expect(r.plan.paramsGap).toBeLessThanOrEqual(0.02);
  });

  it('checks that a single run’s upload is there, without reading its text', async () => {
    const uploads = reader();
    const r = await planRequest(run(id), { uploads });
    expect(r.ok).toBe(true);
    expect(uploads.reads).toEqual([`has ${id}`]);
  });

  it('refuses an upload that is not in the store, under task.upload', async () => {
    const issue = { code: 'dataset', path: 'task.upload', message: `no upload ${missing} in the store: upload the file on the dashboard's /datasets page first` };
    expect(await planRequest(compare(missing), { uploads: reader() })).toEqual({ ok: false, issues: [issue] });
    expect(await planRequest(run(missing), { uploads: reader() })).toEqual({ ok: false, issues: [issue] });
  });

  it('refuses an upload when it was given no reader', async () => {
    const r = await planRequest(run(id));
    expect(r).toEqual({ ok: false, issues: [{ code: 'dataset', path: 'task.upload', message: expect.stringMatching(/given none/) }] });
  });

  it('refuses an upload with a path, or a bad id, before reading anything', async () => {
    const uploads = reader();
    const both = await planRequest({ kind: 'run', config: { task: { name: 'text', upload: id, path: 'x.txt' } } }, { uploads });
    expect(both).toMatchObject({ ok: false, issues: [{ code: 'invalid', path: 'task.upload' }] });
    const bad = await planRequest(run('../../etc/passwd'), { uploads });
    expect(bad).toMatchObject({ ok: false, issues: [{ code: 'invalid', path: 'task.upload' }] });
    expect(uploads.reads).toEqual([]);
  });
});
