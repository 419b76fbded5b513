import { HeadroomError, quote } from '../errors.ts';
import { openGuarded } from './file-guard.ts';
import { parseJsonLine } from './json-line.ts';
import { fieldTooLongReason, MAX_FIELD_CHARS } from './limits.ts';
import { LineSplitter, type Line } from './line-splitter.ts';
import { readText } from './text-reader.ts';
import type { RecordBatch, RecordSource, RowReject } from './types.ts';

/** Lines read to learn the set of fields before the first batch. */
const SCHEMA_SAMPLE_LINES = 1000;

/**
 * A line with nothing but JSON whitespace (space, tab, CR) is blank and skipped. Not String.trim():
 * it also drops a byte-order mark, and a line of only a BOM (two files joined) is no blank line.
 */
const BLANK = /^[ \t\r]*$/;

/** A JSON Lines file as a RecordSource: one object per line; blank lines are skipped. */
export async function openJsonlSource(
  path: string,
  options: { encoding?: string } = {},
): Promise<RecordSource> {
  const file = await openGuarded(path);
  const text = readText(file, options.encoding);
  const splitter = new LineSplitter(path);
  let bytesRead = 0;
  let ended = false;

  /** Next complete lines from the file, or null at the end. */
  async function nextLines(): Promise<Line[] | null> {
    if (ended) return null;
    const next = await text.next();
    if (next.done) {
      ended = true;
      return splitter.end();
    }
    bytesRead = next.value.bytesRead;
    return splitter.push(next.value.text);
  }

  // Learn the fields from the first lines (in order of first appearance).
  const buffered: Line[] = [];
  const fields = new Map<string, number>();
  try {
    while (buffered.length < SCHEMA_SAMPLE_LINES) {
      const lines = await nextLines();
      if (lines === null) break;
      buffered.push(...lines);
    }
    for (const l of buffered.slice(0, SCHEMA_SAMPLE_LINES)) {
      if (BLANK.test(l.text)) continue;
      const p = parseJsonLine(l.text);
      if (!p.ok) continue;
      for (const k of Object.keys(p.obj)) if (!fields.has(k)) fields.set(k, fields.size);
    }
    if (buffered.every((l) => BLANK.test(l.text))) {
      throw new HeadroomError('EMPTY_FILE', `${path}: the file has no JSON lines.`);
    }
    if (fields.size === 0) {
      throw new HeadroomError(
        'BAD_FORMAT',
        `${path}: no JSON object with fields in the first ${SCHEMA_SAMPLE_LINES} lines.`,
      );
    }
  } catch (err) {
    await file.handle.close();
    throw err;
  }
  const header = [...fields.keys()];

  function toBatch(lines: Line[]): RecordBatch {
    const rows: (string | null)[][] = [];
    const lineNos: number[] = [];
    const rejects: RowReject[] = [];
    outer: for (const l of lines) {
      if (BLANK.test(l.text)) continue;
      const p = parseJsonLine(l.text);
      if (!p.ok) {
        rejects.push({ line: l.line, column: p.column, reason: p.reason });
        continue;
      }
      const row: (string | null)[] = new Array<string | null>(header.length).fill(null);
      for (const [k, v] of Object.entries(p.obj)) {
        const idx = fields.get(k);
        if (idx === undefined) {
          rejects.push({
            line: l.line,
            column: k,
            reason: `unknown field ${quote(k)} (not in the first ${SCHEMA_SAMPLE_LINES} lines)`,
          });
          continue outer;
        }
        if (v === null) continue;
        if (typeof v === 'string') {
          if (v.length > MAX_FIELD_CHARS) {
            rejects.push({ line: l.line, column: k, reason: fieldTooLongReason(v.length) });
            continue outer;
          }
          row[idx] = v;
        } else if (typeof v === 'boolean') row[idx] = v ? 'true' : 'false';
        else {
          rejects.push({
            line: l.line,
            column: k,
            reason: 'nested arrays and objects are not supported',
          });
          continue outer;
        }
      }
      rows.push(row);
      lineNos.push(l.line);
    }
    return { rows, lines: lineNos, rejects, bytesRead };
  }

  return {
    header,
    totalBytes: file.size,
    async *batches() {
      try {
        if (buffered.length > 0) yield toBatch(buffered.splice(0));
        for (;;) {
          const lines = await nextLines();
          if (lines === null) return;
          yield toBatch(lines);
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
