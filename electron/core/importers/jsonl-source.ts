import { HeadroomError } from '../errors.ts';
import { openGuarded } from './file-guard.ts';
import { readText } from './text-reader.ts';
import type { RecordBatch, RecordSource, RowReject } from './types.ts';

/** Lines read to learn the set of fields before the first batch. */
const SCHEMA_SAMPLE_LINES = 1000;

type Parsed = { ok: true; obj: Record<string, unknown> } | { ok: false; reason: string };

/** JSON.parse keeping every number as its source text, so 20-digit ids and 0.1 stay exact. */
function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line, function (this: unknown, _key: string, v: unknown, ctx?: unknown) {
      if (typeof v === 'number') return (ctx as { source: string }).source;
      return v;
    } as (this: unknown, key: string, value: unknown) => unknown);
  } catch (err) {
    return { ok: false, reason: `invalid JSON (${(err as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'each line must be a JSON object' };
  }
  return { ok: true, obj: value as Record<string, unknown> };
}

/** A JSON Lines file as a RecordSource: one object per line; blank lines are skipped. */
export async function openJsonlSource(
  path: string,
  options: { encoding?: string } = {},
): Promise<RecordSource> {
  const file = await openGuarded(path);
  const text = readText(file, options.encoding);
  let rest = '';
  let lineNo = 0;
  let bytesRead = 0;
  let ended = false;

  /** Next complete lines from the file, or null at the end. */
  async function nextLines(): Promise<{ text: string; line: number }[] | null> {
    if (ended) return null;
    const next = await text.next();
    const out: { text: string; line: number }[] = [];
    let chunk: string;
    if (next.done) {
      ended = true;
      chunk = rest;
      rest = '';
      if (chunk.length > 0) out.push({ text: chunk.replace(/\r$/, ''), line: ++lineNo });
      return out;
    }
    bytesRead = next.value.bytesRead;
    chunk = rest + next.value.text;
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      let end = nl;
      if (end > start && chunk.charCodeAt(end - 1) === 13) end--;
      out.push({ text: chunk.slice(start, end), line: ++lineNo });
      start = nl + 1;
    }
    rest = chunk.slice(start);
    return out;
  }

  // Learn the fields from the first lines (in order of first appearance).
  const buffered: { text: string; line: number }[] = [];
  const fields = new Map<string, number>();
  try {
    while (buffered.length < SCHEMA_SAMPLE_LINES) {
      const lines = await nextLines();
      if (lines === null) break;
      buffered.push(...lines);
    }
    for (const l of buffered.slice(0, SCHEMA_SAMPLE_LINES)) {
      if (l.text.trim() === '') continue;
      const p = parseLine(l.text);
      if (!p.ok) continue;
      for (const k of Object.keys(p.obj)) if (!fields.has(k)) fields.set(k, fields.size);
    }
    if (buffered.every((l) => l.text.trim() === '')) {
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

  function toBatch(lines: { text: string; line: number }[]): RecordBatch {
    const rows: (string | null)[][] = [];
    const lineNos: number[] = [];
    const rejects: RowReject[] = [];
    outer: for (const l of lines) {
      if (l.text.trim() === '') continue;
      const p = parseLine(l.text);
      if (!p.ok) {
        rejects.push({ line: l.line, column: null, reason: p.reason });
        continue;
      }
      const row: (string | null)[] = new Array<string | null>(header.length).fill(null);
      for (const [k, v] of Object.entries(p.obj)) {
        const idx = fields.get(k);
        if (idx === undefined) {
          rejects.push({
            line: l.line,
            column: k,
            reason: `unknown field "${k}" (not in the first ${SCHEMA_SAMPLE_LINES} lines)`,
          });
          continue outer;
        }
        if (v === null) continue;
        if (typeof v === 'string') row[idx] = v;
        else if (typeof v === 'boolean') row[idx] = v ? 'true' : 'false';
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
