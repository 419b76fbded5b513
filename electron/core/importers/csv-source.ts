import { HeadroomError } from '../errors.ts';
import { CsvParser, type CsvChunkResult } from './csv-parser.ts';
import { openGuarded } from './file-guard.ts';
import { checkHeader } from './header.ts';
import { readText } from './text-reader.ts';
import type { RecordBatch, RecordSource, RowReject } from './types.ts';
import { forbiddenCharacter, mayHoldForbidden } from './values.ts';

export interface CsvSourceOptions {
  delimiter?: string;
  encoding?: string;
}

/** A CSV (or TSV) file as a RecordSource: RFC 4180, streaming, every bad row reported. */
export async function openCsvSource(
  path: string,
  options: CsvSourceOptions = {},
): Promise<RecordSource> {
  const file = await openGuarded(path);
  const parser = new CsvParser({ delimiter: options.delimiter ?? ',', path });
  const text = readText(file, options.encoding);
  let header: string[] | null = null;
  let pending: CsvChunkResult = { records: [], problems: [] };
  let bytesRead = 0;
  let done = false;
  /** A chunk so far held a NUL or a BOM: from then on every field is checked (rare and costly). */
  let suspect = false;
  const feed = (chunk: string): CsvChunkResult => {
    if (!suspect && mayHoldForbidden(chunk)) suspect = true;
    return parser.push(chunk);
  };

  // Read until the header record is complete.
  try {
    while (header === null) {
      const next = await text.next();
      if (next.done) {
        pending = parser.end();
        done = true;
      } else {
        bytesRead = next.value.bytesRead;
        pending = feed(next.value.text);
      }
      const first = pending.records[0];
      const problem = pending.problems[0];
      if (problem && (!first || problem.line < first.line)) {
        throw new HeadroomError(
          'BAD_HEADER',
          `${path}: the header line (line ${problem.line}), column ${problem.column}: ${problem.reason}.`,
        );
      }
      if (first) {
        header = first.fields;
        pending.records.shift();
      } else if (done) {
        throw new HeadroomError('EMPTY_FILE', `${path}: the file has no header line.`);
      }
    }
    checkHeader(path, header);
  } catch (err) {
    await file.handle.close();
    throw err;
  }
  const cols = header;

  function toBatch(result: CsvChunkResult): RecordBatch {
    const rows: string[][] = [];
    const lines: number[] = [];
    const rejects: RowReject[] = result.problems.map((p) => ({
      line: p.line,
      column: cols[p.column - 1] ?? `#${p.column}`,
      reason: p.reason,
    }));
    for (const r of result.records) {
      if (r.fields.length !== cols.length) {
        rejects.push({
          line: r.line,
          column: null,
          reason: `expected ${cols.length} fields, found ${r.fields.length}`,
        });
        continue;
      }
      if (suspect) {
        const bad = r.fields.findIndex((f) => forbiddenCharacter(f) !== null);
        if (bad !== -1) {
          const reason = forbiddenCharacter(r.fields[bad] as string) as string;
          rejects.push({
            line: r.line,
            column: cols[bad] as string,
            reason: `the value ${reason}`,
          });
          continue;
        }
      }
      rows.push(r.fields);
      lines.push(r.line);
    }
    rejects.sort((a, b) => a.line - b.line);
    return { rows, lines, rejects, bytesRead };
  }

  return {
    header: cols,
    totalBytes: file.size,
    async *batches() {
      try {
        if (pending.records.length > 0 || pending.problems.length > 0) yield toBatch(pending);
        if (done) return;
        for (;;) {
          const next = await text.next();
          if (next.done) {
            yield toBatch(parser.end());
            return;
          }
          bytesRead = next.value.bytesRead;
          yield toBatch(feed(next.value.text));
        }
      } finally {
        await file.handle.close().catch(() => undefined);
      }
    },
    async close() {
      await text.return(undefined);
      await file.handle.close().catch(() => undefined);
    },
  };
}
