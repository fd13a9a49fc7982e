export { SPECIAL_TOKENS, PAD_ID, UNK_ID, BOS_ID, EOS_ID } from './tokenizer';
export type { Tokenizer, TokenizerJSON, TokenizerOptions } from './tokenizer';
export { CharTokenizer } from './char-tokenizer';
export { WordTokenizer } from './word-tokenizer';
export { BpeTokenizer, BPE_DEFAULT_MAX_VOCAB } from './bpe-tokenizer';
export { createTokenizer, tokenizerFromJSON } from './serialize';
export { vocabularyCase, foldToVocabularyCase, unknownPieces, describeVocabulary } from './vocabulary-coverage';
export type { VocabularyCase } from './vocabulary-coverage';
