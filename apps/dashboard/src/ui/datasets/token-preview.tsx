import Link from 'next/link';
import { TOKENIZERS, type TokenizerKind } from '@rnnlab/contracts';
import type { TokenPreview as Preview } from '@rnnlab/tokenization';

/** a token as it reads: spaces, line breaks and tabs made visible */
const shown = (t: string) => t.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');

/**
 * How a tokenizer splits the dataset's text (like `rnnlab tokenize`): the tokenizer is fitted on a
 * sample of it, then its first tokens are shown with their ids.
 */
export function TokenPreview({ tokens, hrefFor, ms }: { tokens: Preview; hrefFor: (t: TokenizerKind) => string; ms: number | null }) {
  return (
    <section className="card" data-testid="token-preview" data-tokenizer={tokens.kind}>
      <h2>Tokenization</h2>
      <p className="filters">
        {TOKENIZERS.map((t) =>
          t === tokens.kind ? (
            <strong key={t}>{t}</strong>
          ) : (
            <Link key={t} href={hrefFor(t)} data-testid={`tokenizer-${t}`}>
              {t}
            </Link>
          ),
        )}
      </p>
      <p className="muted small">
        {tokens.kind} tokenizer fitted on {tokens.fittedChars.toLocaleString('en-US')} characters of the text: vocabulary {tokens.vocabSize.toLocaleString('en-US')} (4 special tokens
        included); the first {tokens.encodedChars.toLocaleString('en-US')} characters are {tokens.total.toLocaleString('en-US')} tokens
        {tokens.total > tokens.tokens.length ? `, the first ${tokens.tokens.length} shown` : ''}.
        {ms !== null ? ` Computed in ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms.` : ''}
      </p>
      <div className="tokens" data-testid="tokens">
        {tokens.tokens.map((t, i) => (
          <span className="token" key={i} title={`id ${t.id}`}>
            <span className="token-text">{shown(t.token)}</span>
            <span className="token-id">{t.id}</span>
          </span>
        ))}
      </div>
      <p className="small">
        ids: <code data-testid="token-ids">{tokens.tokens.map((t) => t.id).join(' ')}</code>
      </p>
      {tokens.merges.length > 0 && (
        <p className="small muted">
          first merges: {tokens.merges.map(([a, b]) => `${shown(a)} + ${shown(b)}`).join(', ')}
        </p>
      )}
    </section>
  );
}
