/**
 * CSV records (RFC 4180) of a decoded text whose line ends are LF: fields separated by commas, a
 * field in double quotes may hold commas, line breaks and `""` (a quote). A quote inside an unquoted
 * field, or anything but a comma or a line end after a closing quote, is an error naming the line.
 */
import { DataError } from '../errors/data-error';

export interface CsvRecord {
  fields: string[];
  /** the line (1-based) the record starts on */
  line: number;
  /** an empty line: one unquoted empty field */
  blank: boolean;
}

export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === 0x22) {
        // quoted: up to the closing quote; "" is a quote
        quotedAny = true;
        const opened = line;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) throw new DataError(`the quoted CSV field opened on line ${opened} is never closed (a missing ")`);
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
          field += chunk;
          if (text.charCodeAt(q + 1) === 0x22) {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== 0x2c && next !== 0x0a) throw new DataError(`the CSV record on line ${line} has text after a closing quote; expected a comma or the end of the line`);
      } else {
        // unquoted: up to the next comma or line end
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 0x2c || c === 0x0a) break;
          if (c === 0x22) throw new DataError(`the CSV record on line ${line} has a quote inside an unquoted field; put the field in quotes and double its quotes ("")`);
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (i >= n) break;
      if (text.charCodeAt(i) === 0x2c) {
        i++;
        // a comma at the very end: one more empty field
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      // a line end
      i++;
      line++;
      break;
    }
    yield { fields, line: start, blank: !quotedAny && fields.length === 1 && fields[0] === '' };
  }
}
