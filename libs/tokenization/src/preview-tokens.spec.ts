import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_ENCODE_CHARS, MAX_PREVIEW_FIT_CHARS, previewTokens } from './preview-tokens';
import { createTokenizer } from './serialize';

const text = 'the cat sat on the mat. the cat ate. '.repeat(40);

describe('previewTokens', () => {
  it.each(['char', 'word', 'bpe'] as const)('shows the ids a %s tokenizer fitted on the text gives it', (kind) => {
    const p = previewTokens(text, kind, { vocabSize: 300, maxTokens: 10 });
    const tok = createTokenizer(kind, kind === 'char' ? {} : { maxVocab: 300 }).fit(text);
    const ids = tok.encode(text.slice(0, MAX_PREVIEW_ENCODE_CHARS));
    expect(p).toMatchObject({ kind, vocabSize: tok.vocabSize, total: ids.length, fittedChars: text.length, encodedChars: MAX_PREVIEW_ENCODE_CHARS });
    expect(p.tokens).toEqual(ids.slice(0, 10).map((id) => ({ id, token: tok.idToToken(id) })));
    if (kind === 'bpe') expect(p.merges.length).toBeGreaterThan(0);
    else expect(p.merges).toEqual([]);
  });

  it('fits on a bounded start of a long text, never half a surrogate pair', () => {
    const long = `${'x'.repeat(MAX_PREVIEW_FIT_CHARS - 1)}🙂tail`;
    const p = previewTokens(long, 'char');
    expect(p.fittedChars).toBe(MAX_PREVIEW_FIT_CHARS - 1);
    expect(p.vocabSize).toBe(4 + 1);
  });

  it('lowercases when asked', () => {
    expect(previewTokens('Hello HELLO', 'word', { lowercase: true }).tokens.map((t) => t.token)).toEqual(['hello', 'hello']);
  });
});
