import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer';
import { CharTokenizer } from './char-tokenizer';
import { WordTokenizer } from './word-tokenizer';
import { describeVocabulary, foldToVocabularyCase, unknownPieces, vocabularyCase } from './vocabulary-coverage';

describe('vocabularyCase / foldToVocabularyCase', () => {
  it('tells one-case vocabularies from mixed and uncased ones', () => {
    expect(vocabularyCase(new CharTokenizer().fit("AARDVARK O'NEIL"))).toBe('upper');
    expect(vocabularyCase(new CharTokenizer().fit('abcxyz'))).toBe('lower');
    expect(vocabularyCase(new CharTokenizer().fit('Anna\nBob\n'))).toBe('mixed');
    expect(vocabularyCase(new CharTokenizer().fit('12+34=46'))).toBe('uncased');
    expect(vocabularyCase(new WordTokenizer().fit('the cat sat .'))).toBe('lower');
  });

  it('ignores BPE byte tokens (<0x41> spells a byte, not an upper-case letter)', () => {
    expect(vocabularyCase(new BpeTokenizer({ maxVocab: 300 }).fit('hello world hello'))).toBe('lower');
  });

  it('folds a text to a one-case vocabulary, and leaves it alone otherwise', () => {
    expect(foldToVocabularyCase(new CharTokenizer().fit('HELLO WORLD'), 'hello')).toBe('HELLO');
    expect(foldToVocabularyCase(new CharTokenizer().fit('abc'), 'AB12')).toBe('ab12');
    expect(foldToVocabularyCase(new CharTokenizer().fit('Anna\n'), 'anna')).toBe('anna');
    expect(foldToVocabularyCase(new CharTokenizer().fit('123'), 'Ab1')).toBe('Ab1');
  });
});

describe('unknownPieces', () => {
  it('names each unknown code point once, in order, for a char tokenizer', () => {
    const tok = new CharTokenizer().fit('abcdefghijklmnopqrstuvwxyz');
    expect(unknownPieces(tok, 'ab12a1🙂')).toEqual(['1', '2', '🙂']);
    expect(unknownPieces(tok, 'abc')).toEqual([]);
    expect(unknownPieces(tok, 'AB')).toEqual(['A', 'B']);
  });

  it('applies the tokenizer normalization first (a lowercasing tokenizer knows "A")', () => {
    const tok = new CharTokenizer({ lowercase: true }).fit('abc');
    expect(unknownPieces(tok, 'ABd')).toEqual(['d']);
  });

  it('names unknown words for a word tokenizer, and nothing for BPE (byte fallback)', () => {
    const words = new WordTokenizer().fit('the cat sat on the mat.');
    expect(unknownPieces(words, 'the dog sat on the log!')).toEqual(['dog', 'log', '!']);
    const bpe = new BpeTokenizer({ maxVocab: 300 }).fit('hello world');
    expect(unknownPieces(bpe, 'naïve 🙂 ZZZ')).toEqual([]);
  });
});

describe('describeVocabulary', () => {
  it('lists the characters of a char vocabulary in code point order, escaped', () => {
    expect(describeVocabulary(new CharTokenizer().fit('cab\n'))).toBe('4 characters: "\\nabc"');
    expect(describeVocabulary(new CharTokenizer().fit('abcdef'), 3)).toBe('6 characters: "abc" … (3 more)');
  });

  it('gives the size and the most frequent words of a word vocabulary', () => {
    expect(describeVocabulary(new WordTokenizer().fit('b a a'))).toBe('2 words, the most frequent: "a", "b"');
  });
});
