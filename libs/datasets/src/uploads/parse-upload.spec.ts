import { describe, expect, it } from 'vitest';
import { DataError } from '../errors/data-error';
import { MAX_JSON_DEPTH, MAX_UPLOAD_ALPHABET, MAX_UPLOAD_LINE_CHARS, parseUpload } from './parse-upload';
import { parseUploadName } from './upload-name';

const utf8 = (s: string) => new TextEncoder().encode(s);
const refused = (bytes: Uint8Array, format: 'text' | 'csv' | 'jsonl' = 'text'): string => {
  try {
    parseUpload(bytes, format);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected the upload to be refused');
};

describe('parseUpload: text', () => {
  it('is the text, with a BOM stripped and CRLF and CR turned into LF', () => {
    const r = parseUpload(utf8('\uFEFFone\r\ntwo\rthree\n'), 'text');
    expect(r).toEqual({ format: 'text', text: 'one\ntwo\nthree\n', entries: 3, alphabet: new Set('one\ntwohr').size });
    expect(parseUpload(utf8('naïve 🙂'), 'text')).toMatchObject({ text: 'naïve 🙂', entries: 1, alphabet: 7 });
  });

  it.each([
    ['an empty file', new Uint8Array(0), /empty \(0 bytes\)/],
    ['only a BOM', utf8('\uFEFF'), /no text/],
    ['only whitespace', utf8(' \r\n\t\n'), /no text: 5 bytes of whitespace/],
    ['invalid UTF-8', Uint8Array.from([0x61, 0x62, 0xff, 0x63]), /expected UTF-8 text, got an invalid byte sequence at byte 2 \(0xff\)/],
    ['a truncated UTF-8 sequence', Uint8Array.from([0x61, 0xc3]), /invalid byte sequence at byte 1 \(0xc3\)/],
    ['UTF-16 (as Windows saves it)', Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), /invalid byte sequence at byte 0/],
    ['a NUL byte', utf8('line one\nline\0two'), /NUL character on line 2: is this a binary file\?/],
    ['one huge line', utf8('x'.repeat(MAX_UPLOAD_LINE_CHARS + 1)), /line 1 is 1,000,001 characters long; expected at most 1,000,000 per line/],
  ])('refuses %s', (_what, bytes, message) => {
    expect(refused(bytes)).toMatch(message);
  });

  it('takes a line of exactly the longest length', () => {
    expect(parseUpload(utf8('y'.repeat(MAX_UPLOAD_LINE_CHARS)), 'text').entries).toBe(1);
  });

  it('refuses a vocabulary larger than the cap, and takes one at the cap', () => {
    const chars = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(parseUpload(utf8(chars(MAX_UPLOAD_ALPHABET)), 'text').alphabet).toBe(MAX_UPLOAD_ALPHABET);
    expect(refused(utf8(chars(MAX_UPLOAD_ALPHABET + 1)))).toMatch(/more than 10,000 distinct characters/);
  });
});

describe('parseUpload: csv', () => {
  it('takes the column named text, one record per line; quotes hold commas, quotes and line breaks', () => {
    const csv = 'id,Text ,label\r\n1,plain,a\r\n2,"with, comma",b\n3,"say ""hi""",c\n4,"two\nlines",d\n\n5,,e\n';
    expect(parseUpload(utf8(csv), 'csv')).toMatchObject({ text: 'plain\nwith, comma\nsay "hi"\ntwo\nlines\n', entries: 4 });
  });

  it('takes the only column of a one-column file, whatever its name', () => {
    expect(parseUpload(utf8('sentence\nhello\nworld'), 'csv')).toMatchObject({ text: 'hello\nworld\n', entries: 2 });
  });

  it.each([
    ['no text column', 'id,body\n1,hello\n', /no column "text" \(got "id", "body"\)/],
    ['two text columns', 'text,TEXT\na,b\n', /names 2 columns "text"/],
    ['a short record', 'id,text\n1,hello\n2\n', /line 3 has 1 field; expected 2/],
    ['a long record', 'id,text\n1,hello,extra\n', /line 2 has 3 fields; expected 2/],
    ['an unclosed quote', 'id,text\n1,"hello\n2,x\n', /opened on line 2 is never closed/],
    ['a stray quote', 'id,text\n1,say "hi"\n', /line 2 has a quote inside an unquoted field/],
    ['text after a closing quote', 'id,text\n1,"hi"x\n', /line 2 has text after a closing quote/],
    ['only a header', 'id,text\n', /holds no text: every "text" field is empty/],
    ['an empty file', '', /empty \(0 bytes\)/],
  ])('refuses %s', (_what, csv, message) => {
    expect(refused(utf8(csv), 'csv')).toMatch(message);
  });
});

describe('parseUpload: jsonl', () => {
  it('takes each object’s string field text, one per line; other fields and blank lines are ignored', () => {
    const jsonl = '{"text":"first","id":1}\r\n\n  {"id":2,"text":"second\\nline","meta":{"a":[1]}}\n{"text":""}\n';
    expect(parseUpload(utf8(jsonl), 'jsonl')).toMatchObject({ text: 'first\nsecond\nline\n', entries: 2 });
  });

  it('reads "__proto__" as a plain field, never as a prototype', () => {
    const r = parseUpload(utf8('{"__proto__":{"text":"polluted"},"text":"own"}\n'), 'jsonl');
    expect(r.text).toBe('own\n');
    expect(({} as Record<string, unknown>).text).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"text":"a"}\n{text: b}\n', /line 2 is not JSON/],
    ['an array', '["text"]\n', /line 1 is an array; expected a JSON object/],
    ['a string', '"just text"\n', /line 1 is a string/],
    ['null', 'null\n', /line 1 is null/],
    ['no text field', '{"body":"x","id":1}\n', /line 1 has no string field "text" \(got only "body", "id"\)/],
    ['a number as text', '{"text":5}\n', /got a number "text"/],
    ['a null text', '{"text":null}\n', /got a null "text"/],
    ['an escaped NUL', '{"text":"a\\u0000b"}\n', /line 1: its "text" holds a NUL character/],
    ['a lone surrogate escape', '{"text":"a\\ud800b"}\n', /lone surrogate/],
    ['deep nesting', `{"text":"a","x":${'['.repeat(MAX_JSON_DEPTH + 5)}${']'.repeat(MAX_JSON_DEPTH + 5)}}\n`, /line 1 nests deeper than 32 levels/],
    ['one huge line', `{"text":"${'x'.repeat(MAX_UPLOAD_LINE_CHARS)}"}\n`, /line 1 is 1,000,011 characters long/],
    ['only blank lines', '\n\n  \n', /no line has a non-empty "text"/],
  ])('refuses %s', (_what, jsonl, message) => {
    expect(refused(utf8(jsonl), 'jsonl')).toMatch(message);
  });

  it('does not count brackets inside strings as nesting', () => {
    const deepInString = `{"text":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`;
    expect(parseUpload(utf8(deepInString), 'jsonl').entries).toBe(1);
  });
});

describe('parseUploadName', () => {
  it('keeps a plain file name as the label and picks the format by extension', () => {
    expect(parseUploadName('poems.txt')).toEqual({ ok: true, label: 'poems.txt', format: 'text' });
    expect(parseUploadName(' Data Set (1).CSV ')).toEqual({ ok: true, label: 'Data Set (1).CSV', format: 'csv' });
    expect(parseUploadName('chat.jsonl')).toEqual({ ok: true, label: 'chat.jsonl', format: 'jsonl' });
    expect(parseUploadName('corpus')).toEqual({ ok: true, label: 'corpus', format: null });
    expect(parseUploadName('naïve 🙂.md')).toEqual({ ok: true, label: 'naïve 🙂.md', format: 'text' });
    expect(parseUploadName('100% real.txt')).toMatchObject({ ok: true });
  });

  it.each([
    ['../../etc/passwd', /not a path: "..\/..\/etc\/passwd" holds "\/"/],
    ['..%2f', /without ".."/],
    ['%2e%2e%2fx.txt', /percent-encoded one \(%2e/],
    ['%252e%252e%252f', /percent-encoded one \(%25/],
    ['..\\..\\x', /not a path: .* holds "\\"/],
    ['/etc/passwd', /not a path/],
    ['C:\\Windows\\x.txt', /not a path/],
    ['C:x.txt', /drive letter/],
    ['..', /without ".."/],
    ['a\0.txt', /control or invisible characters, got U\+0000/],
    ['a\nb.txt', /U\+000A/],
    ['a\u001bb.txt', /U\+001B/],
    ['evil\u202Etxt.exe', /U\+202E/],
    ['x'.repeat(300), /at most 200 characters, got 300/],
    ['', /got none/],
    ['   ', /got none/],
  ])('refuses %j', (name, message) => {
    const r = parseUploadName(name);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses what is not a string', () => {
    expect(parseUploadName(undefined)).toMatchObject({ ok: false });
    expect(parseUploadName(['a.txt'])).toMatchObject({ ok: false });
  });
});
