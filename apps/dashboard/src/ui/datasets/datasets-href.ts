import type { TokenizerKind } from '@rnnlab/contracts';

/** `/datasets?name=names&tokenizer=bpe`: the page's URL for a choice (char, the default, is left out) */
export function datasetsHref(choice: { name?: string | null; upload?: string | null; tokenizer?: TokenizerKind }): string {
  const q = new URLSearchParams();
  if (choice.name) q.set('name', choice.name);
  if (choice.upload) q.set('upload', choice.upload);
  if (choice.tokenizer && choice.tokenizer !== 'char') q.set('tokenizer', choice.tokenizer);
  const s = q.toString();
  return s ? `/datasets?${s}` : '/datasets';
}
