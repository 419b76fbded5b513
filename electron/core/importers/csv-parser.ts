import { HeadroomError } from '../errors.ts';
import { fieldTooLongReason, lineTooLong, MAX_FIELD_CHARS, MAX_LINE_CHARS } from './limits.ts';

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
/** At the delimiter or line break that ends a field. */
const S_SEP = 6;

/**
 * A streaming RFC 4180 parser over decoded text. Chunks may split anywhere; results do not depend
 * on where. LF, CRLF and a lone CR end a record; blank lines are skipped but counted. Fields are
 * returned exactly as written (no trimming, no BOM handling, no type interpretation).
 *
 * Speed: nothing is re-parsed. The state of an unfinished record (fields so far, the part of the
 * current field, the quote state) is carried across chunks. Text is scanned with indexOf (the next
 * LF, CR, quote and delimiter are remembered, so each search covers new text only) and cut with
 * slice; a whole line without quotes takes a fast path into an array sized like the last record's.
 * Only the fields and records themselves are allocated.
 *
 * Limits (limits.ts): a field longer than MAX_FIELD_CHARS drops its record as a problem; a record
 * longer than MAX_LINE_CHARS (quoted line breaks included) throws BAD_FORMAT naming the file.
 */
export class CsvParser {
  private readonly delimCode: number;
  private readonly delimStr: string;
  /** The file, for the error of a record over MAX_LINE_CHARS. */
  private readonly path: string;
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
  /** The field count of the last fast-path record: the size to allocate for the next one. */
  private width = 1;
  /** Characters of the unfinished record in earlier chunks. */
  private recCarry = 0;

  constructor(options: { delimiter?: string; path?: string } = {}) {
    const d = options.delimiter ?? ',';
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
      throw new HeadroomError('INVALID_INPUT', `invalid CSV delimiter ${JSON.stringify(d)}`);
    }
    this.delimStr = d;
    this.delimCode = d.charCodeAt(0);
    this.path = options.path ?? 'the input';
  }

  /** The problem of field `index` (0-based) of the record on `line`, `length` characters long. */
  private tooLong(line: number, index: number, length: number): CsvProblem {
    return { line, column: index + 1, reason: fieldTooLongReason(length) };
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
    let recCarry = this.recCarry;
    /** Where the unfinished record starts in this chunk (0 when in an earlier one). */
    let recStart = 0;

    // Next positions (>= i) of LF, CR, quote and delimiter in this chunk; n means none. -1: unknown.
    let nextLF = -1;
    let nextCR = -1;
    let nextQ = -1;
    let nextD = -1;

    let width = this.width;
    let i = 0;
    while (i < n) {
      switch (state) {
        case S_RECORD: {
          let c = text.charCodeAt(i);
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
          // Fast path: a whole line in this chunk with no quote in it: cut it at each delimiter.
          if (nextLF < i) {
            nextLF = text.indexOf('\n', i);
            if (nextLF === -1) nextLF = n;
          }
          if (nextCR < i) {
            nextCR = text.indexOf('\r', i);
            if (nextCR === -1) nextCR = n;
          }
          const eol = nextLF < nextCR ? nextLF : nextCR;
          // (a line that could hold a field over the limit takes the slow path, which checks)
          if (eol < n && eol - i <= MAX_FIELD_CHARS) {
            if (nextQ < i) {
              nextQ = text.indexOf('"', i);
              if (nextQ === -1) nextQ = n;
            }
            if (nextQ > eol) {
              const f = new Array<string>(width);
              let k = 0;
              let p = i;
              for (;;) {
                if (nextD < p) {
                  nextD = text.indexOf(delimStr, p);
                  if (nextD === -1) nextD = n;
                }
                if (nextD >= eol) break;
                if (k < width) f[k] = text.slice(p, nextD);
                else f.push(text.slice(p, nextD));
                k++;
                p = nextD + 1;
              }
              if (k < width) f[k] = text.slice(p, eol);
              else f.push(text.slice(p, eol));
              k++;
              if (k < width) f.length = k;
              width = k;
              records.push({ fields: f, line });
              line++;
              c = text.charCodeAt(eol);
              skipLF = c === CR;
              i = eol + 1;
              continue;
            }
          }
          recLine = line;
          recStart = i;
          recCarry = 0;
          state = S_FIELD;
          continue;
        }

        case S_FIELD: {
          if (text.charCodeAt(i) === QUOTE) {
            this.quoteLine = line;
            this.quoteCol = fields.length + 1;
            i++;
            state = S_QUOTED;
          } else {
            state = S_UNQUOTED;
          }
          continue;
        }

        case S_UNQUOTED:
        case S_JUNK: {
          // The field ends at the next delimiter or line break; a quote in it is a problem.
          if (nextD < i) {
            nextD = text.indexOf(delimStr, i);
            if (nextD === -1) nextD = n;
          }
          if (nextLF < i) {
            nextLF = text.indexOf('\n', i);
            if (nextLF === -1) nextLF = n;
          }
          if (nextCR < i) {
            nextCR = text.indexOf('\r', i);
            if (nextCR === -1) nextCR = n;
          }
          let end = nextD < nextLF ? nextD : nextLF;
          if (nextCR < end) end = nextCR;
          if (problem === null) {
            if (nextQ < i) {
              nextQ = text.indexOf('"', i);
              if (nextQ === -1) nextQ = n;
            }
            if (nextQ < end) {
              problem = {
                line: recLine,
                column: fields.length + 1,
                reason: 'stray quote in unquoted field',
              };
            }
          }
          if (end === n) {
            // the field goes on in the next chunk
            if (state === S_UNQUOTED) partial += text.slice(i);
            i = n;
            break;
          }
          if (state === S_UNQUOTED) {
            const length = partial.length + end - i;
            if (length > MAX_FIELD_CHARS && problem === null)
              problem = this.tooLong(recLine, fields.length, length);
            fields.push(partial.length === 0 ? text.slice(i, end) : partial + text.slice(i, end));
            partial = '';
          }
          i = end;
          state = S_SEP;
          continue;
        }

        case S_QUOTED: {
          if (nextQ < i) {
            nextQ = text.indexOf('"', i);
            if (nextQ === -1) nextQ = n;
          }
          const q = nextQ;
          // Count the line breaks inside the quoted text [i, q): each CR, each LF not after a CR.
          if (nextCR < i) {
            nextCR = text.indexOf('\r', i);
            if (nextCR === -1) nextCR = n;
          }
          while (nextCR < q) {
            line++;
            nextCR = text.indexOf('\r', nextCR + 1);
            if (nextCR === -1) nextCR = n;
          }
          if (nextLF < i) {
            nextLF = text.indexOf('\n', i);
            if (nextLF === -1) nextLF = n;
          }
          while (nextLF < q) {
            const prev = nextLF > 0 ? text.charCodeAt(nextLF - 1) : this.prevLast;
            if (prev !== CR) line++;
            nextLF = text.indexOf('\n', nextLF + 1);
            if (nextLF === -1) nextLF = n;
          }
          if (q === n) {
            partial += text.slice(i);
            i = n;
            break;
          }
          partial += text.slice(i, q);
          i = q + 1;
          state = S_QUOTE;
          continue;
        }

        case S_QUOTE: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            // "" is a literal quote
            partial += '"';
            i++;
            state = S_QUOTED;
            continue;
          }
          // the previous quote closed the field
          if (partial.length > MAX_FIELD_CHARS && problem === null) {
            problem = this.tooLong(recLine, fields.length, partial.length);
          }
          fields.push(partial);
          partial = '';
          if (c === delim || c === LF || c === CR) {
            state = S_SEP;
            continue;
          }
          if (problem === null) {
            problem = { line: recLine, column: fields.length, reason: 'text after closing quote' };
          }
          state = S_JUNK;
          continue;
        }

        case S_SEP: {
          const c = text.charCodeAt(i);
          i++;
          if (c === delim) {
            state = S_FIELD;
            continue;
          }
          // a line break ends the record
          if (recCarry + i - 1 - recStart > MAX_LINE_CHARS) throw lineTooLong(this.path, recLine);
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
          continue;
        }
      }
    }

    if (state !== S_RECORD) {
      recCarry += n - recStart;
      if (recCarry > MAX_LINE_CHARS) throw lineTooLong(this.path, recLine);
    }
    this.recCarry = recCarry;
    this.state = state;
    this.width = width;
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
