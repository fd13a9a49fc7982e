import { describe, expect, it } from 'vitest';
import { parseSubmissionForm } from './submission-form';

const ID = 'c0ffee'.repeat(10) + 'c0ff';

describe('parseSubmissionForm: task.upload', () => {
  it('sends task text on an upload, the id as chosen, defaults left out', () => {
    const r = parseSubmissionForm([['kind', 'run'], ['task.name', 'text'], ['task.upload', ID], ['task.seqLen', '50'], ['cells', 'gru'], ['model.hidden', '16'], ['train.steps', '300']]);
    if (!r.ok || r.request.kind !== 'run') throw new Error(JSON.stringify(r));
    // seqLen 50 is the default, found even though task text needs a source to parse
    expect(r.request.config.task).toEqual({ name: 'text', upload: ID });
    expect(r.request.config.model).toEqual({ hidden: 16, cell: 'gru' });
  });

  it('sends nothing for "none"', () => {
    const r = parseSubmissionForm([['kind', 'run'], ['task.name', 'adding'], ['task.upload', ''], ['cells', 'gru']]);
    expect(r.ok && r.request.kind === 'run' && r.request.config.task).toEqual({ name: 'adding' });
  });

  it('refuses a bad id beside the field, and task text with no dataset', () => {
    const bad = parseSubmissionForm([['kind', 'run'], ['task.name', 'text'], ['task.upload', '../../etc/passwd'], ['cells', 'gru']]);
    expect(!bad.ok && bad.errors['task.upload']).toMatch(/match|upload id/);
    const none = parseSubmissionForm([['kind', 'run'], ['task.name', 'text'], ['cells', 'gru']]);
    // the form has no path field: the error shows beside the task
    expect(!none.ok && none.errors['task.name']).toMatch(/uploaded dataset/);
  });
});
