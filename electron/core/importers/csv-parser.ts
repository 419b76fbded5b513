import { HeadroomError } from '../errors.ts';

/** One record and the 1-based physical line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** A record that is dropped and reported; `column` is the 1-based field index. */
export interface CsvProblem {
  line: number;
  column: number;
  reason: string;
}

export interface CsvChunkResult {
  records: CsvRecord[];
  problems: CsvProblem[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * A streaming RFC 4180 parser over decoded text. Chunks may split anywhere; results do not depend
 * on where. LF, CRLF and a lone CR end a record; blank lines are skipped but counted.
 */
export class CsvParser {
  private readonly delim: number;
  private buf = '';
  private line = 1;
  /** True when the buffer ends with a CR whose LF may come with the next chunk. */
  private pendingCr = false;

  constructor(options: { delimiter?: string } = {}) {
    const d = options.delimiter ?? ',';
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
      throw new HeadroomError('INVALID_INPUT', `invalid CSV delimiter ${JSON.stringify(d)}`);
    }
    this.delim = d.charCodeAt(0);
  }

  push(chunk: string): CsvChunkResult {
    let text = this.buf + chunk;
    if (this.pendingCr && chunk.length > 0) {
      // "\r" then "\n" across chunks: the CR was already counted as the line break
      this.pendingCr = false;
      if (chunk.charCodeAt(0) === LF && this.buf.length === 0) text = text.slice(1);
    }
    return this.parse(text, false);
  }

  end(): CsvChunkResult {
    const text = this.buf;
    this.buf = '';
    return this.parse(text, true);
  }

  private parse(text: string, final: boolean): CsvChunkResult {
    const records: CsvRecord[] = [];
    const problems: CsvProblem[] = [];
    const n = text.length;
    const delim = this.delim;
    let i = 0;
    let recordStart = 0;
    let line = this.line;
    let keptLine = line;
    outer: while (i < n) {
      recordStart = i;
      keptLine = line;
      const startLine = line;
      // A blank line: skip it.
      let c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else if (!final) {
            break; // keep the CR: its LF may come next
          }
        }
        i++;
        line++;
        continue;
      }
      const fields: string[] = [];
      let problem: CsvProblem | null = null;
      for (;;) {
        // One field starting at i.
        const col = fields.length + 1;
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          let value = '';
          let lines = 0;
          for (;;) {
            const q = text.indexOf('"', j);
            if (q === -1) {
              if (!final) break outer; // need more text
              throw new HeadroomError(
                'BAD_FORMAT',
                `unterminated quoted field starting at line ${startLine}, column ${col}`,
              );
            }
            const part = text.slice(j, q);
            value += part;
            lines += countBreaks(part);
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              value += '"';
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break outer; // "" may be split across chunks
            i = q + 1;
            break;
          }
          line += lines;
          // After the closing quote: a delimiter, a line break, or the end.
          c = i < n ? text.charCodeAt(i) : -1;
          if (c !== delim && c !== LF && c !== CR && c !== -1) {
            if (!problem)
              problem = { line: startLine, column: col, reason: 'text after closing quote' };
            while (i < n) {
              c = text.charCodeAt(i);
              if (c === delim || c === LF || c === CR) break;
              i++;
            }
            if (i >= n && !final) break outer;
          }
          fields.push(value);
        } else {
          let j = i;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
            if (c === QUOTE && !problem) {
              problem = { line: startLine, column: col, reason: 'stray quote in unquoted field' };
            }
            j++;
          }
          if (j >= n && !final) break outer;
          fields.push(text.slice(i, j));
          i = j;
        }
        if (i >= n) break; // end of input ends the record
        c = text.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n && !final) break outer;
          if (i >= n) {
            fields.push('');
            break;
          }
          continue;
        }
        // a line break ends the record
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else if (!final) {
            // the record is complete; remember that an LF may follow
            i++;
            line++;
            this.pendingCr = true;
            if (problem) problems.push(problem);
            else records.push({ fields, line: startLine });
            recordStart = i;
            keptLine = line;
            break outer;
          }
        }
        i++;
        line++;
        break;
      }
      if (problem) problems.push(problem);
      else records.push({ fields, line: startLine });
      recordStart = i;
      keptLine = line;
    }
    if (final) {
      this.buf = '';
      this.line = line;
      return { records, problems };
    }
    // Keep the unfinished record for the next chunk; it is parsed again from its start.
    this.buf = text.slice(recordStart);
    this.line = keptLine;
    return { records, problems };
  }
}

function countBreaks(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) k++;
    else if (c === CR && s.charCodeAt(i + 1) !== LF) k++;
  }
  return k;
}
