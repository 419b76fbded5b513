import { lineTooLong, MAX_LINE_CHARS } from './limits.ts';

/** A complete line (without its LF or CRLF) and its 1-based number. */
export interface Line {
  text: string;
  line: number;
}

/**
 * Splits decoded text chunks into lines (JSON Lines). Linear in the input: only the new chunk is
 * searched for a line break, and the unfinished line is kept as a list of pieces, joined once when
 * its line break arrives (rebuilding it and searching it from its start with every chunk made a
 * 20 MB line take 10 s). A line longer than MAX_LINE_CHARS stops the reading with a BAD_FORMAT
 * error naming the file and the line.
 */
export class LineSplitter {
  private readonly path: string;
  /** The unfinished line's pieces (from earlier chunks) and their total length. */
  private pieces: string[] = [];
  private pending = 0;
  private lineNo = 0;
  /** Characters searched for a line break so far: tests check it stays linear in the input. */
  scanned = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** The lines the chunk completes. */
  push(text: string): Line[] {
    const out: Line[] = [];
    this.scanned += text.length;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      out.push(this.finish(text.slice(start, nl)));
      start = nl + 1;
    }
    if (start < text.length) {
      this.pending += text.length - start;
      if (this.pending > MAX_LINE_CHARS) throw lineTooLong(this.path, this.lineNo + 1);
      this.pieces.push(start === 0 ? text : text.slice(start));
    }
    return out;
  }

  /** The last line when the input does not end with a line break. */
  end(): Line[] {
    return this.pending > 0 ? [this.finish('')] : [];
  }

  /** The unfinished line ended by `tail` (a CR before the LF is dropped). */
  private finish(tail: string): Line {
    if (this.pending + tail.length > MAX_LINE_CHARS) throw lineTooLong(this.path, this.lineNo + 1);
    let text = tail;
    if (this.pieces.length > 0) {
      this.pieces.push(tail);
      text = this.pieces.join('');
      this.pieces = [];
      this.pending = 0;
    }
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    return { text, line: ++this.lineNo };
  }
}
