import { describe, expect, it } from 'vitest';
import { TASKS } from '@rnnlab/contracts';
import { loadPronunciations } from '../sources/cmudict-source';
import { loadFirstNames } from '../sources/names-source';
import { additionSpace, solveAddition } from '../synthetic/integer-addition';
import { reverseString } from '../synthetic/string-reversal';
import { MAX_PREVIEW_EXAMPLES, PREVIEW_EXAMPLE_CHARS, previewDataset, SAMPLE_CHARS, type BuiltInTask } from './preview-dataset';

const BUILT_IN = TASKS.filter((t): t is BuiltInTask => t !== 'text');

describe('previewDataset', () => {
  it.each(BUILT_IN)('previews %s: bounded examples and a text sample', async (name) => {
    const p = await previewDataset(name, 4);
    expect(p.name).toBe(name);
    expect(p.examples).toHaveLength(4);
    for (const e of p.examples) {
      expect(e.input.length).toBeGreaterThan(0);
      expect(e.target.length).toBeGreaterThan(0);
      // the adding problem shows all of its 50 steps
      if (name !== 'adding') expect([...e.input].length).toBeLessThanOrEqual(PREVIEW_EXAMPLE_CHARS);
    }
    expect(p.sample.length).toBeGreaterThan(0);
    expect(p.sample.length).toBeLessThanOrEqual(SAMPLE_CHARS);
  });

  it('decodes generated examples back to what they are: reversals reversed, sums summed', async () => {
    const rev = await previewDataset('reverse', 5);
    for (const e of rev.examples) expect(e.target).toBe(reverseString(e.input));
    const add = await previewDataset('addition', 5);
    for (const e of add.examples) expect(e.target).toBe(solveAddition(e.input));
    expect(additionSpace(3)).toBeDefined();
  });

  it('adds the two marked values of the adding problem', async () => {
    const p = await previewDataset('adding', 3);
    for (const e of p.examples) {
      const marked = [...e.input.matchAll(/\[(\d\.\d\d)\]/g)].map((m) => Number(m[1]));
      expect(marked).toHaveLength(2);
      expect(Number(e.target)).toBeCloseTo(marked[0] + marked[1], 1);
    }
  });

  it('shows a corpus’s first entries', async () => {
    expect((await previewDataset('names', 3)).examples.map((e) => e.input)).toEqual(loadFirstNames().slice(0, 3).map((n) => `${n}↵`));
    const cmu = loadPronunciations()[0];
    expect((await previewDataset('cmudict', 1)).examples[0]).toEqual({ input: cmu.word, target: cmu.phones.join(' ') });
    expect((await previewDataset('spam', 2)).examples.map((e) => e.target)).toEqual(expect.arrayContaining([expect.stringMatching(/^(spam \(1\)|ham \(0\))$/)]));
  });

  it('bounds the count and serves a repeated preview from memory', async () => {
    expect((await previewDataset('copy', 1000)).examples).toHaveLength(MAX_PREVIEW_EXAMPLES);
    expect((await previewDataset('copy', 0)).examples).toHaveLength(1);
    expect(previewDataset('reverse', 4)).toBe(previewDataset('reverse', 4));
  });
});
