import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CharTokenizer } from './char-tokenizer';
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID } from './tokenizer';

describe('CharTokenizer', () => {
  it('uses code points: an emoji or an astral character is one token', () => {
    const tok = new CharTokenizer().fit('a🙂𝄞');
    expect(tok.encode('🙂a𝄞')).toEqual([tok.tokenToId('🙂'), tok.tokenToId('a'), tok.tokenToId('𝄞')]);
    expect(tok.vocabSize).toBe(SPECIAL_TOKENS.length + 3);
  });

  it('orders the vocabulary by frequency, then by code point', () => {
    const tok = new CharTokenizer().fit(['bba', 'a🙂c\uE000']);
    // b:2 a:2 c:1 U+E000:1 🙂:1 — U+E000 sorts before U+1F642 although its UTF-16 unit is larger
    expect(tok.toJSON().vocab).toEqual([...SPECIAL_TOKENS, 'a', 'b', 'c', '\uE000', '🙂']);
  });

  it('round-trips any well-formed string over its fitted alphabet', () => {
    for (const unit of ['binary', 'grapheme'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, minLength: 1, maxLength: 80 }), (s) => {
          const tok = new CharTokenizer().fit(s);
          const ids = tok.encode(s);
          expect(ids).toHaveLength([...s].length);
          expect(ids).not.toContain(UNK_ID);
          expect(tok.decode(ids)).toBe(s);
        }),
      );
    }
  });

  it('caps the vocabulary with maxVocab and maps rare or unseen characters to <unk>, decoded as U+FFFD', () => {
    const tok = new CharTokenizer({ maxVocab: 6 }).fit('aaabbc');
    expect(tok.vocabSize).toBe(6);
    expect(tok.encode('abcz')).toEqual([4, 5, UNK_ID, UNK_ID]);
    expect(tok.decode(tok.encode('abcz'))).toBe('ab\uFFFD\uFFFD');
  });

  it('drops characters below minCount', () => {
    expect(new CharTokenizer({ minCount: 2 }).fit('aaabbc').toJSON().vocab).toEqual([...SPECIAL_TOKENS, 'a', 'b']);
  });

  it('drops <pad>, <bos> and <eos> when decoding', () => {
    const tok = new CharTokenizer().fit('hi');
    expect(tok.decode([BOS_ID, ...tok.encode('hi'), EOS_ID, PAD_ID, PAD_ID])).toBe('hi');
  });

  it('applies lowercase and NFC in fit and encode', () => {
    const tok = new CharTokenizer({ lowercase: true, nfc: true }).fit('E\u0301COLE');
    expect(tok.toJSON().vocab.slice(SPECIAL_TOKENS.length).sort()).toEqual(['c', 'e', 'l', 'o', 'é']);
    expect(tok.decode(tok.encode('École'))).toBe('école');
    expect(tok.encode('e\u0301')).toEqual([tok.tokenToId('é')]);
  });

  it('is refitted from scratch by a second fit()', () => {
    const tok = new CharTokenizer().fit('abc').fit('x');
    expect(tok.vocabSize).toBe(SPECIAL_TOKENS.length + 1);
    expect(tok.encode('a')).toEqual([UNK_ID]);
  });

  it('throws clear errors', () => {
    const tok = new CharTokenizer();
    expect(() => tok.encode('a')).toThrow('CharTokenizer.encode() called before fit()');
    expect(() => tok.toJSON()).toThrow('CharTokenizer.toJSON() called before fit()');
    expect(() => tok.fit('')).toThrow(/^empty corpus: the char tokenizer found no tokens in 1 text/);
    expect(() => tok.fit([])).toThrow(/^empty corpus: the char tokenizer/);
    expect(() => tok.fit(['', ''])).toThrow(/^empty corpus: the char tokenizer/);
    expect(() => tok.fit(['a', 3] as unknown as string[])).toThrow('expected corpus[1] to be a string in CharTokenizer.fit(), got 3');
    tok.fit('abc');
    expect(() => tok.decode([4, 99])).toThrow('id 99 out of range in CharTokenizer.decode(): vocabulary has 7 tokens (valid ids 0..6)');
    expect(() => tok.idToToken(-1)).toThrow(/id -1 out of range in CharTokenizer\.idToToken\(\)/);
    expect(() => new CharTokenizer({ maxVocab: 2 })).toThrow(/^expected a vocabulary size from 4 to \d+ \(its 4 built-in tokens come first\), got 2$/);
    expect(() => new CharTokenizer({ nfc: 'yes' } as never)).toThrow('expected options.nfc to be a boolean in CharTokenizer(), got "yes"');
    expect(() => new CharTokenizer({ maxvocab: 10 } as never)).toThrow('unknown option options.maxvocab in CharTokenizer(), got 10');
  });
});
