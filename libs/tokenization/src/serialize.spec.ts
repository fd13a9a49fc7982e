import { describe, expect, it } from 'vitest';
import { TOKENIZERS } from '@rnnlab/contracts';
import { createTokenizer, tokenizerFromJSON } from './serialize';
import { BpeTokenizer } from './bpe-tokenizer';
import { CharTokenizer } from './char-tokenizer';
import { WordTokenizer } from './word-tokenizer';
import { SPECIAL_TOKENS } from './tokenizer';

const CORPUS = [
  "It was the best of times, it was the worst of times; it wasn't the age of wisdom.",
  'Café déjà-vu, naïve! 東京 🙂 (again) 1775.',
];
const PROBES = ['it was the best', 'Café 東京 🙂', 'unseen: Ωμέγα ✓', "wasn't (times)!"];

/** A deep copy through JSON text, as a checkpoint would store it. */
const viaText = (json: unknown): unknown => JSON.parse(JSON.stringify(json));

describe('createTokenizer', () => {
  it('creates an unfitted tokenizer of each kind', () => {
    expect(createTokenizer('char')).toBeInstanceOf(CharTokenizer);
    expect(createTokenizer('word', { minCount: 2 })).toBeInstanceOf(WordTokenizer);
    expect(createTokenizer('bpe', { maxVocab: 300 })).toBeInstanceOf(BpeTokenizer);
    for (const kind of TOKENIZERS) expect(createTokenizer(kind).kind).toBe(kind);
  });
  it('rejects an unknown kind, naming it', () => {
    expect(() => createTokenizer('spm' as never)).toThrow('unknown kind in createTokenizer(): expected "char" | "word" | "bpe", got "spm"');
  });
});

describe('tokenizerFromJSON', () => {
  it.each(TOKENIZERS)('restores a fitted %s tokenizer with identical encodings', (kind) => {
    const tok = createTokenizer(kind, { lowercase: true, nfc: true, maxVocab: 300 }).fit(CORPUS);
    const json = tok.toJSON();
    const back = tokenizerFromJSON(viaText(json));
    expect(back.kind).toBe(kind);
    expect(back.vocabSize).toBe(tok.vocabSize);
    expect(back.toJSON()).toEqual(json);
    for (const text of [...CORPUS, ...PROBES]) {
      expect(back.encode(text)).toEqual(tok.encode(text));
      expect(back.decode(tok.encode(text))).toBe(tok.decode(tok.encode(text)));
    }
  });

  it('restores through each class and keeps BPE merges', () => {
    const bpe = new BpeTokenizer({ maxVocab: 320 }).fit(CORPUS);
    expect(bpe.merges.length).toBeGreaterThan(0);
    expect(BpeTokenizer.fromJSON(viaText(bpe.toJSON())).merges).toEqual(bpe.merges);
    const char = new CharTokenizer().fit(CORPUS);
    expect(CharTokenizer.fromJSON(viaText(char.toJSON())).encode(PROBES[1])).toEqual(char.encode(PROBES[1]));
    const word = new WordTokenizer().fit(CORPUS);
    expect(WordTokenizer.fromJSON(viaText(word.toJSON())).encode(PROBES[3])).toEqual(word.encode(PROBES[3]));
  });

  describe('rejects bad input with a message naming the field', () => {
    const good = new CharTokenizer().fit('ab').toJSON();
    const bpe = new BpeTokenizer().fit('aa aa').toJSON();
    const cases: [string, unknown, string | RegExp][] = [
      ['not an object', 'tok', 'expected json to be an object in tokenizerFromJSON(), got "tok"'],
      ['null', null, 'expected json to be an object in tokenizerFromJSON(), got null'],
      ['wrong format', { ...good, format: 'hf-tokenizer' }, 'unknown json.format in tokenizerFromJSON(): expected "rnnlab-tokenizer", got "hf-tokenizer"'],
      ['wrong version', { ...good, version: 2 }, 'unsupported json.version in tokenizerFromJSON(): expected 1, got 2'],
      ['missing version', { ...good, version: undefined }, 'unsupported json.version in tokenizerFromJSON(): expected 1, got undefined'],
      ['unknown kind', { ...good, kind: 'wordpiece' }, 'unknown json.kind in tokenizerFromJSON(): expected "char" | "word" | "bpe", got "wordpiece"'],
      ['bad options', { ...good, options: { maxVocab: -1 } }, /^expected a vocabulary size from 4 to \d+ \(its 4 built-in tokens come first\), got -1 \(json\.options\.maxVocab in CharTokenizer\.fromJSON\(\)\)$/],
      ['specials missing', { ...good, vocab: ['a', 'b'] }, 'expected json.vocab[0] to be "<pad>" in CharTokenizer.fromJSON(), got "a"'],
      ['multi-code-point char token', { ...good, vocab: [...SPECIAL_TOKENS, 'ab'] }, 'expected json.vocab[4] to be one code point in CharTokenizer.fromJSON(), got "ab"'],
      ['bpe without byte tokens', { ...bpe, vocab: [...SPECIAL_TOKENS, 'a'] }, 'expected json.vocab[4] to be "<0x00>" in BpeTokenizer.fromJSON(), got "a"'],
      ['bpe merges missing', { ...bpe, merges: undefined }, 'expected json.merges to be an array in BpeTokenizer.fromJSON(), got undefined'],
      ['bpe merge outside the vocabulary', { ...bpe, merges: [['a', 'zz']] }, /expected json\.merges\[0\] to be two vocabulary tokens .* got \["a","zz"\]/],
    ];
    it.each(cases)('%s', (_name, json, message) => {
      expect(() => tokenizerFromJSON(json)).toThrow(message);
    });

    it('a kind that does not match the class', () => {
      expect(() => WordTokenizer.fromJSON(good)).toThrow('unexpected json.kind in WordTokenizer.fromJSON(): expected "word", got "char"');
    });
  });
});
