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

// Parser states (kept across chunks).
/** Between records: the next character starts a record or is a blank line. */
const S_RECORD = 0;
/** At the start of a field inside a record (just after a delimiter). */
const S_FIELD = 1;
/** Inside an unquoted field; `partial` holds its text from earlier chunks. */
const S_UNQUOTED = 2;
/** Inside a quoted field; `partial` holds its value so far. */
const S_QUOTED = 3;
/** Just after a `"` inside a quoted field: `""` (literal quote) or the closing quote. */
const S_QUOTE = 4;
/** After text following a closing quote: skipping to the next delimiter or line break. */
const S_JUNK = 5;

/**
 * A streaming RFC 4180 parser over decoded text. Chunks may split anywhere; results do not depend
 * on where. LF, CRLF and a lone CR end a record; blank lines are skipped but counted. Fields are
 * returned exactly as written (no trimming, no BOM handling, no type interpretation).
 *
 * Each character is looked at once: the state of an unfinished record (fields so far, the part of
 * the current field, the quote state) is carried across chunks, nothing is re-parsed. Whole lines
 * without quotes are split natively; quoted text is searched with indexOf.
 */
export class CsvParser {
  private readonly delimCode: number;
  private readonly delimStr: string;
  private state = S_RECORD;
  /** The 1-based physical line the parser is at. */
  private line = 1;
  /** The previous record ended with CR: an LF right after it belongs to the same line break. */
  private skipLF = false;
  /** The last character of the previous chunk (-1 if none): for a CRLF split inside quotes. */
  private prevLast = -1;
  private fields: string[] = [];
  private recLine = 1;
  private problem: CsvProblem | null = null;
  private partial = '';
  private quoteLine = 1;
  private quoteCol = 1;

  constructor(options: { delimiter?: string } = {}) {
    const d = options.delimiter ?? ',';
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
      throw new HeadroomError('INVALID_INPUT', `invalid CSV delimiter ${JSON.stringify(d)}`);
    }
    this.delimStr = d;
    this.delimCode = d.charCodeAt(0);
  }

  /** Feeds text; returns the records (and dropped records) completed so far, in order. */
  push(chunk: string): CsvChunkResult {
    const records: CsvRecord[] = [];
    const problems: CsvProblem[] = [];
    const text = chunk;
    const n = text.length;
    if (n === 0) return { records, problems };

    const delim = this.delimCode;
    const delimStr = this.delimStr;
    let state = this.state;
    let line = this.line;
    let skipLF = this.skipLF;
    let fields = this.fields;
    let recLine = this.recLine;
    let problem = this.problem;
    let partial = this.partial;

    // Next positions (>= i) of LF, CR and quote in this chunk, for the fast path; n means none.
    let nextLF = -1;
    let nextCR = -1;
    let nextQ = -1;

    let i = 0;
    while (i < n) {
      if (state === S_RECORD) {
        const c = text.charCodeAt(i);
        if (skipLF) {
          skipLF = false;
          if (c === LF) {
            i++;
            continue;
          }
        }
        if (c === LF || c === CR) {
          // a blank line
          line++;
          i++;
          skipLF = c === CR;
          continue;
        }
        // Fast path: a whole line in this chunk with no quote in it is split natively.
        if (nextLF < i) {
          nextLF = text.indexOf('\n', i);
          if (nextLF === -1) nextLF = n;
        }
        if (nextCR < i) {
          nextCR = text.indexOf('\r', i);
          if (nextCR === -1) nextCR = n;
        }
        const eol = nextLF < nextCR ? nextLF : nextCR;
        if (eol < n) {
          if (nextQ < i) {
            nextQ = text.indexOf('"', i);
            if (nextQ === -1) nextQ = n;
          }
          if (nextQ > eol) {
            records.push({ fields: text.slice(i, eol).split(delimStr), line });
            line++;
            skipLF = eol === nextCR;
            i = eol + 1;
            continue;
          }
        }
        recLine = line;
        state = S_FIELD;
      }

      // Inside a record: one field per turn, until the record ends or the chunk does.
      for (;;) {
        if (state === S_FIELD) {
          if (i === n) break;
          if (text.charCodeAt(i) === QUOTE) {
            this.quoteLine = line;
            this.quoteCol = fields.length + 1;
            i++;
            state = S_QUOTED;
          } else {
            state = S_UNQUOTED;
          }
        }

        let c: number;
        if (state === S_QUOTED) {
          let q = text.indexOf('"', i);
          if (q === -1) q = n;
          // line breaks inside the quotes: each CR, and each LF not right after a CR
          for (let k = i; k < q; k++) {
            const ch = text.charCodeAt(k);
            if (ch === CR) line++;
            else if (ch === LF) {
              const prev = k > 0 ? text.charCodeAt(k - 1) : this.prevLast;
              if (prev !== CR) line++;
            }
          }
          partial += text.slice(i, q);
          if (q === n) {
            i = n;
            break;
          }
          i = q + 1;
          state = S_QUOTE;
          if (i === n) break;
        }
        if (state === S_QUOTE) {
          c = text.charCodeAt(i);
          if (c === QUOTE) {
            // "" is a literal quote
            partial += '"';
            i++;
            state = S_QUOTED;
            continue;
          }
          // the previous quote closed the field
          fields.push(partial);
          partial = '';
          if (c !== delim && c !== LF && c !== CR) {
            if (problem === null) {
              problem = {
                line: recLine,
                column: fields.length,
                reason: 'text after closing quote',
              };
            }
            state = S_JUNK;
            continue;
          }
        } else {
          // S_UNQUOTED or S_JUNK: the field ends at the next delimiter or line break
          let j = i;
          c = -1;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
            if (c === QUOTE && problem === null) {
              problem = {
                line: recLine,
                column: fields.length + 1,
                reason: 'stray quote in unquoted field',
              };
            }
            j++;
          }
          if (j === n) {
            // the field goes on in the next chunk
            if (state === S_UNQUOTED) partial += text.slice(i);
            i = n;
            break;
          }
          if (state === S_UNQUOTED) {
            fields.push(partial.length === 0 ? text.slice(i, j) : partial + text.slice(i, j));
            partial = '';
          }
          i = j;
        }

        // at the delimiter or line break that ends the field
        i++;
        if (c === delim) {
          state = S_FIELD;
          continue;
        }
        if (problem === null) {
          records.push({ fields, line: recLine });
        } else {
          problems.push(problem);
          problem = null;
        }
        fields = [];
        line++;
        skipLF = c === CR;
        state = S_RECORD;
        break;
      }
    }

    this.state = state;
    this.line = line;
    this.skipLF = skipLF;
    this.fields = fields;
    this.recLine = recLine;
    this.problem = problem;
    this.partial = partial;
    this.prevLast = text.charCodeAt(n - 1);
    return { records, problems };
  }

  /**
   * Ends the input: a last record without a line break is returned. Throws BAD_FORMAT when a
   * quoted field is still open.
   */
  end(): CsvChunkResult {
    const records: CsvRecord[] = [];
    const problems: CsvProblem[] = [];
    const state = this.state;
    if (state === S_QUOTED) {
      throw new HeadroomError(
        'BAD_FORMAT',
        `unterminated quoted field starting at line ${this.quoteLine}, column ${this.quoteCol}`,
      );
    }
    if (state !== S_RECORD) {
      // S_FIELD: the input ended right after a delimiter, so the last field is empty.
      if (state === S_FIELD || state === S_UNQUOTED || state === S_QUOTE) {
        this.fields.push(this.partial);
      }
      if (this.problem === null) records.push({ fields: this.fields, line: this.recLine });
      else problems.push(this.problem);
    }
    this.state = S_RECORD;
    this.fields = [];
    this.problem = null;
    this.partial = '';
    this.skipLF = false;
    return { records, problems };
  }
}
