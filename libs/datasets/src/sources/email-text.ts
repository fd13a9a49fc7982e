/**
 * What an RNN reads of a raw RFC 822 message: the Subject header and the body. The other headers are
 * dropped (Received chains and ids would fill the first seqLen tokens and leak the collection
 * source); HTML tags are removed and whitespace collapsed so that a truncated window holds text.
 * Transfer encodings (quoted-printable, base64) are left as they are.
 */

export interface EmailParts {
  subject: string;
  body: string;
}

export function parseEmail(raw: string): EmailParts {
  const text = raw.replace(/\r\n?/g, '\n');
  const cut = text.indexOf('\n\n');
  const headers = cut === -1 ? text : text.slice(0, cut);
  const body = cut === -1 ? '' : text.slice(cut + 2);
  // a header continues on lines that start with whitespace
  const subject = /^subject:[ \t]*((?:.*)(?:\n[ \t].*)*)/im.exec(headers)?.[1] ?? '';
  return { subject: collapse(subject), body };
}

/** Subject and body as one line of plain text. */
export function emailText({ subject, body }: EmailParts): string {
  return collapse(`${subject}\n${body.replace(/<[^>]*>/g, ' ')}`);
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
