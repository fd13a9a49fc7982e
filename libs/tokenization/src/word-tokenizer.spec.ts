import { describe, expect, it } from 'vitest';
import { splitWords, WordTokenizer } from './word-tokenizer';
import { BOS_ID, EOS_ID, SPECIAL_TOKENS, UNK_ID } from './tokenizer';

describe('splitWords', () => {
  it('splits Unicode text into words and single punctuation tokens, dropping whitespace', () => {
    expect(splitWords("Café déjà-vu, naïve! 東京 don't")).toEqual(
      ['Café', 'déjà', '-', 'vu', ',', 'naïve', '!', '東京', "don't"],
    );
    expect(splitWords('  \t\r\n ')).toEqual([]);
    expect(splitWords('wait...')).toEqual(['wait', '.', '.', '.']);
  });
  it('keeps combining marks and digits inside words, apostrophes only between word characters', () => {
    expect(splitWords('cafe\u0301 R2D2 3.14')).toEqual(['cafe\u0301', 'R2D2', '3', '.', '14']);
    expect(splitWords("l’homme 'quoted' rock'n'roll")).toEqual(['l’homme', "'", 'quoted', "'", "rock'n'roll"]);
  });
  it('makes each symbol code point (emoji included) its own token', () => {
    expect(splitWords('hi🙂!(ok)')).toEqual(['hi', '🙂', '!', '(', 'ok', ')']);
  });
});

describe('WordTokenizer', () => {
  const corpus = "The cat sat. The dog sat, didn't it? (Yes!) The end.";

  it('encodes known words to their ids and unknown ones to <unk>', () => {
    const tok = new WordTokenizer().fit(corpus);
    const ids = tok.encode('The cat flew.');
    expect(ids.map((id) => tok.idToToken(id))).toEqual(['The', 'cat', '<unk>', '.']);
    expect(ids[2]).toBe(UNK_ID);
  });

  it('decodes with single spaces, none before closing or after opening punctuation', () => {
    const tok = new WordTokenizer().fit(corpus);
    expect(tok.decode(tok.encode(corpus))).toBe(corpus);
    expect(tok.decode([BOS_ID, ...tok.encode('the   dog\nsat ,it')])).toBe('<unk> dog sat, it');
    expect(tok.decode(tok.encode('cat (dog) end'))).toBe('cat (dog) end');
    expect(tok.decode([...tok.encode('end'), EOS_ID])).toBe('end');
  });

  it('is not lossless: whitespace around symbols is normalized', () => {
    const tok = new WordTokenizer().fit('déjà-vu');
    expect(tok.decode(tok.encode('déjà-vu'))).toBe('déjà - vu');
  });

  it('keeps the most frequent tokens under maxVocab, ties broken lexicographically', () => {
    const text = 'b b b d d a a c';
    expect(new WordTokenizer({ maxVocab: 6 }).fit(text).toJSON().vocab).toEqual([...SPECIAL_TOKENS, 'b', 'a']);
    expect(new WordTokenizer().fit(text).toJSON().vocab).toEqual([...SPECIAL_TOKENS, 'b', 'a', 'd', 'c']);
    const capped = new WordTokenizer({ maxVocab: 6 }).fit(text);
    expect(capped.encode('d b')).toEqual([UNK_ID, 4]);
  });

  it('drops tokens seen fewer than minCount times', () => {
    expect(new WordTokenizer({ minCount: 2 }).fit('b b b d d a a c').toJSON().vocab).toEqual([...SPECIAL_TOKENS, 'b', 'a', 'd']);
  });

  it('applies lowercase and NFC', () => {
    const tok = new WordTokenizer({ lowercase: true, nfc: true }).fit('Cafe\u0301 CAFÉ café');
    expect(tok.vocabSize).toBe(SPECIAL_TOKENS.length + 1);
    expect(tok.decode(tok.encode('CAFÉ'))).toBe('café');
  });

  it('throws clear errors', () => {
    expect(() => new WordTokenizer().fit(' \n\t ')).toThrow(/^empty corpus: the word tokenizer/);
    expect(() => new WordTokenizer().decode([0])).toThrow('WordTokenizer.decode() called before fit()');
    const tok = new WordTokenizer().fit('a b');
    expect(() => tok.decode([6])).toThrow('id 6 out of range in WordTokenizer.decode(): vocabulary has 6 tokens');
    expect(() => new WordTokenizer({ minCount: 0 })).toThrow(/^expected a minimum token count from 1 to \d+, got 0$/);
  });
});
