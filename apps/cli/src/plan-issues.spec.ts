import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { usageErrorOf } from './plan-issues';

describe('usageErrorOf', () => {
  it('prints a refused plan as compare and submit printed it before the planner: flags, one line per issue', () => {
    const e = usageErrorOf([
      { code: 'inapplicable', path: 'task.lag', message: "applies to task copy only; this run's task is adding" },
      { code: 'inapplicable', path: 'train.beta1', message: "applies to optimizer adam only; this run's optimizer is sgd" },
    ]);
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe("--lag: applies to task copy only; this run's task is adding\n--beta1: applies to optimizer adam only; this run's optimizer is sgd");
    expect(usageErrorOf([{ code: 'params-gap', path: 'model.hidden', message: 'the closest hidden sizes give parameter counts 3.4% apart (over 2%): raise model.hidden' }]).message).toBe(
      '--match params: the closest hidden sizes give parameter counts 3.4% apart (over 2%): raise --hidden',
    );
    // the trainer's words, config paths and all, as the memory check always printed them
    const memory = 'this run needs about 2.0 MB of memory (…), more than the limit of 1.0 MB (set by --max-memory): lower train.batch, task.seqLen or model.hidden';
    expect(usageErrorOf([{ code: 'memory', path: 'train.batch', message: memory }]).message).toBe(memory);
  });
});
