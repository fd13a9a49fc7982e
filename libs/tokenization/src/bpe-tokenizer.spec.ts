import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BpeTokenizer, splitChunks } from './bpe-tokenizer';
import { BOS_ID, EOS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID } from './tokenizer';

const ENGLISH = `It was the best of times, it was the worst of times, it was the age of wisdom, it was the age
of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light,
it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything
before us, we had nothing before us, we were all going direct to Heaven, we were all going direct the
other way - in short, the period was so far like the present period, that some of its noisiest
authorities insisted on its being received, for good or for evil, in the superlative degree of
comparison only. There were a king with a large jaw and a queen with a plain face, on the throne of
England; there were a king with a large jaw and a queen with a fair face, on the throne of France.
In both countries it was clearer than crystal to the lords of the State preserves of loaves and fishes,
that things in general were settled for ever. It was the year of Our Lord one thousand seven hundred
and seventy-five (1775).`;

const FIXED = 4 + 256; // specials + byte tokens

const fitted = new BpeTokenizer({ maxVocab: 400 }).fit(ENGLISH);

describe('splitChunks', () => {
  it('attaches one leading space to words, digits and symbol runs; whitespace runs leave their last space', () => {
    expect(splitChunks(' hello  world!! 42\n\nok')).toEqual([' hello', ' ', ' world', '!!', ' 42', '\n\n', 'ok']);
    expect(splitChunks('a\n  b\t ')).toEqual(['a', '\n ', ' b', '\t ']);
    expect(splitChunks('cafe\u0301 東京')).toEqual(['cafe\u0301', ' 東京']);
  });
  it('covers the whole text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(splitChunks(s).join('')).toBe(s);
      }),
    );
  });
});

describe('BpeTokenizer', () => {
  it('learns the most frequent pair first, ties broken by token strings (HF course example)', () => {
    const words: string[] = [];
    for (const [w, n] of [['hug', 10], ['pug', 5], ['pun', 12], ['bun', 4], ['hugs', 5]] as const) {
      for (let i = 0; i < n; i++) words.push(w);
    }
    const tok = new BpeTokenizer().fit(words);
    // ug:20, un:16, h+ug:15, p+un:12, then hug+s and p+ug tie at 5 ("hug" < "p"), then b+un:4
    expect(tok.merges).toEqual([['u', 'g'], ['u', 'n'], ['h', 'ug'], ['p', 'un'], ['hug', 's'], ['p', 'ug'], ['b', 'un']]);
    expect(tok.vocabSize).toBe(FIXED + 7 + 7); // alphabet h u g p n b s, then 7 merged tokens
    expect(tok.encode('hugs').map((id) => tok.idToToken(id))).toEqual(['hugs']);
    expect(tok.encode('bugs').map((id) => tok.idToToken(id))).toEqual(['b', 'ug', 's']);
  });

  it('learns "low lower lowest" with the leading-space pre-split', () => {
    const tok = new BpeTokenizer().fit('low lower lowest');
    expect(tok.merges).toEqual([['l', 'o'], ['lo', 'w'], [' ', 'low'], [' low', 'e']]);
    expect(tok.toJSON().vocab.slice(FIXED)).toEqual(['l', 'o', 'w', ' ', 'e', 'r', 's', 't', 'lo', 'low', ' low', ' lowe']);
    expect(tok.encode('lowest lower').map((id) => tok.idToToken(id))).toEqual(['low', 'e', 's', 't', ' lowe', 'r']);
  });

  it('is deterministic', () => {
    const again = new BpeTokenizer({ maxVocab: 400 }).fit(ENGLISH);
    expect(again.merges).toEqual(fitted.merges);
    expect(again.toJSON()).toEqual(fitted.toJSON());
  });

  it('reaches maxVocab exactly when the corpus allows it', () => {
    expect(fitted.vocabSize).toBe(400);
    expect(fitted.merges.length).toBeGreaterThanOrEqual(400 - FIXED - new Set(ENGLISH).size);
  });

  it('stops when no pair occurs twice', () => {
    const tok = new BpeTokenizer({ maxVocab: 100_000 }).fit(ENGLISH);
    expect(tok.vocabSize).toBeLessThan(100_000);
    const pairs = new Map<string, number>();
    for (const chunk of splitChunks(ENGLISH)) {
      const ids = tok.encode(chunk);
      for (let j = 0; j + 1 < ids.length; j++) {
        const k = `${ids[j]},${ids[j + 1]}`;
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
    }
    expect(Math.max(0, ...pairs.values())).toBeLessThan(2);
  });

  it('exposes merges as a copy', () => {
    const m = fitted.merges;
    m[0][0] = 'changed';
    m.length = 0;
    expect(fitted.merges[0][0]).not.toBe('changed');
    expect(fitted.merges.length).toBeGreaterThan(0);
  });

  it('round-trips any well-formed string, including characters never seen in training', () => {
    for (const unit of ['binary', 'grapheme'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
          expect(fitted.decode(fitted.encode(s))).toBe(s);
        }),
        { numRuns: 500 },
      );
    }
    const hard = [
      '', 'the best of times', '🙂👍🏽👨‍👩‍👧', '東京タワー', 'e\u0301\u0302 na\u0308ive', 'line\r\nnext\r\n', 'a\0b\0',
      '\uFEFFbom first', '\u{10FFFF}\u{E000}', '   leading  and trailing   ', '\t\v\f\u00A0\u2028',
      '<0x41> <unk> <pad>', 'ℌ𝔢𝔩𝔩𝔬 Ωμέγα Привет مرحبا',
    ];
    for (const s of hard) expect(fitted.decode(fitted.encode(s))).toBe(s);
  });

  it('spells unseen characters as UTF-8 byte tokens', () => {
    expect(fitted.encode('東').map((id) => fitted.idToToken(id))).toEqual(['<0xE6>', '<0x9D>', '<0xB1>']);
    expect(fitted.encode('th东').slice(-3).every((id) => id >= 4 && id < FIXED)).toBe(true);
  });

  it('decodes invalid byte sequences and <unk> as U+FFFD and drops <pad>, <bos>, <eos>', () => {
    const byte = (b: number) => 4 + b;
    expect(fitted.decode([byte(0xe6), byte(0x9d)])).toBe('\uFFFD');
    expect(fitted.decode([BOS_ID, ...fitted.encode('it 東'), EOS_ID, PAD_ID])).toBe('it 東');
    expect(fitted.decode([UNK_ID])).toBe('\uFFFD');
  });

  it('caps the alphabet when maxVocab leaves no room, still losslessly', () => {
    const tok = new BpeTokenizer({ maxVocab: FIXED + 2 }).fit('aaab cc');
    expect(tok.toJSON().vocab.slice(FIXED)).toEqual(['a', 'c']);
    expect(tok.merges).toEqual([]);
    expect(tok.decode(tok.encode('aaab cc'))).toBe('aaab cc');
  });

  it('applies lowercase and NFC before encoding', () => {
    const tok = new BpeTokenizer({ lowercase: true, nfc: true }).fit(ENGLISH);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(tok.decode(tok.encode(s))).toBe(s.toLowerCase().normalize('NFC'));
      }),
    );
    expect(tok.encode('IT WAS')).toEqual(tok.encode('it was'));
  });

  it('gives the same ids from its chunk cache', () => {
    const a = fitted.encode(ENGLISH);
    expect(fitted.encode(ENGLISH)).toEqual(a);
    expect(new BpeTokenizer({ maxVocab: 400 }).fit(ENGLISH).encode(ENGLISH)).toEqual(a);
  });

  it('throws clear errors', () => {
    expect(() => new BpeTokenizer({ maxVocab: 100 })).toThrow(/^expected a vocabulary size from 260 to \d+ \(its 260 built-in tokens come first\), got 100$/);
    expect(() => new BpeTokenizer().fit([''])).toThrow(/^empty corpus: the bpe tokenizer found no tokens in 1 text\(s\) of 0 characters/);
    expect(() => new BpeTokenizer().encode('x')).toThrow('BpeTokenizer.encode() called before fit()');
    expect(() => fitted.decode([400])).toThrow('id 400 out of range in BpeTokenizer.decode(): vocabulary has 400 tokens (valid ids 0..399)');
  });
});

describe('BpeTokenizer vocabulary layout', () => {
  it('holds specials, then the 256 byte tokens, then the alphabet', () => {
    const vocab = fitted.toJSON().vocab;
    expect(vocab.slice(0, 4)).toEqual([...SPECIAL_TOKENS]);
    expect(vocab[4]).toBe('<0x00>');
    expect(vocab[4 + 0xab]).toBe('<0xAB>');
    expect(vocab[FIXED - 1]).toBe('<0xFF>');
  });
});
