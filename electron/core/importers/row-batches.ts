import type { Database, Statement } from 'better-sqlite3';

/**
 * The rows of a project's first import as SQL statements and as messages between threads.
 *
 * write-examples.ts writes a file's rows in multi-row INSERTs, on its own connection or, for a
 * new project, through the row writer thread (row-writer-worker.ts): the main thread parses the
 * file and gathers the analysis index while the thread binds the values into SQLite (binding is
 * half of the import's time: the two run side by side on two cores). Both run the statements
 * built here; the thread gets the rows as RowsMessage, a batch of rows encoded per column so
 * they cross between threads cheaply (typed arrays moved, not copied; repeated text as codes).
 */

export type PredictionColumn = 'prediction' | 'confidence' | 'score' | 'probs';

/** Which columns a file's rows fill, and the ids written into the statements. */
export interface RowsLayout {
  /** The file has an input column. */
  withInput: boolean;
  /** The examples table's metadata columns (m_1, m_2, ...) in file order, and their types. */
  meta: { sqlName: string; type: 'number' | 'string' }[];
  /** The predictions table's columns the file fills, in this order. */
  predictionCols: PredictionColumn[];
  runId: number | null;
  setId: number | null;
  /** Rows per multi-row INSERT. */
  batch: number;
}

/** Values bound per example row (beside the batch's base position): id, label, [input], src_line, metadata. */
export function exampleWidth(layout: RowsLayout): number {
  return 3 + (layout.withInput ? 1 : 0) + layout.meta.length;
}

/** Values bound per human annotation: votes, agree, n. */
export const HUMAN_WIDTH = 3;

/**
 * The multi-row INSERTs of k rows. Only values that vary are bound: a row's position is
 * `@base + i` (the batch's first position, bound once), the run's and the human set's ids are
 * written into the statement, and a column the file lacks is left out (NULL by default).
 */
export function insertSql(
  layout: RowsLayout,
  k: number,
): { examples: string; predictions: string | null; humans: string | null } {
  const slots = (n: number) => ', ?'.repeat(n);
  const tuples = (head: string, n: number) =>
    Array.from({ length: k }, (_, i) => `(${head}@base + ${i}${slots(n)})`).join(', ');
  const metaCols = layout.meta.map((m) => `, ${m.sqlName}`).join('');
  return {
    examples: `INSERT OR IGNORE INTO examples (pos, id, label${layout.withInput ? ', input' : ''}, src_line${metaCols}) VALUES ${tuples('', exampleWidth(layout))}`,
    predictions:
      layout.runId === null
        ? null
        : `INSERT INTO predictions (run_id, pos${layout.predictionCols.map((c) => `, ${c}`).join('')}) VALUES ${tuples(`${layout.runId}, `, layout.predictionCols.length)}`,
    humans:
      layout.setId === null
        ? null
        : `INSERT INTO human_annotations (set_id, pos, votes, agree, n) VALUES ${tuples(`${layout.setId}, `, HUMAN_WIDTH)}`,
  };
}

/**
 * A coded column (repeated text sent as codes) whose dictionary has at most this many entries is
 * bound as its codes and turned back into its text by a CASE in the statement: binding a number
 * costs better-sqlite3 a quarter of binding a text (1M rows x 6 such columns + an id: 2.1-2.3 s
 * -> 1.3-1.4 s). Past it, the text is bound (a long CASE costs more than it saves).
 */
export const CASE_MAX = 32;

/** A text as an SQL literal ('' for each quote). */
const sqlText = (v: string): string => `'${v.replaceAll("'", "''")}'`;

/**
 * The multi-row INSERTs of k rows that read their values from a VALUES list: each row's position
 * bound first, then its bound columns (insertSql's order); `dictionaries[j]` (bound column j, in
 * RowsMessage.columns order) is the dictionary a coded column's codes index into, or null for a
 * column bound as its values. A code outside it (-1: null) gives NULL, as a null value does.
 */
export function codedInsertSql(
  layout: RowsLayout,
  k: number,
  dictionaries: readonly (readonly string[] | null)[],
): { examples: string; predictions: string | null; humans: string | null } {
  const select = (into: string, head: string, offset: number, n: number) => {
    const cols = Array.from({ length: n }, (_, j) => {
      const col = `column${j + 2}`;
      const dict = dictionaries[offset + j];
      return dict
        ? `CASE ${col} ${dict.map((v, c) => `WHEN ${c} THEN ${sqlText(v)}`).join(' ')} END`
        : col;
    });
    const row = `(?${', ?'.repeat(n)})`;
    return `${into} SELECT ${head}column1, ${cols.join(', ')} FROM (VALUES ${Array.from({ length: k }, () => row).join(', ')})`;
  };
  const exWidth = exampleWidth(layout);
  const prWidth = layout.runId === null ? 0 : layout.predictionCols.length;
  const metaCols = layout.meta.map((m) => `, ${m.sqlName}`).join('');
  return {
    examples: select(
      `INSERT INTO examples (pos, id, label${layout.withInput ? ', input' : ''}, src_line${metaCols})`,
      '',
      0,
      exWidth,
    ),
    predictions:
      layout.runId === null
        ? null
        : select(
            `INSERT INTO predictions (run_id, pos${layout.predictionCols.map((c) => `, ${c}`).join('')})`,
            `${layout.runId}, `,
            exWidth,
            prWidth,
          ),
    humans:
      layout.setId === null
        ? null
        : select(
            'INSERT INTO human_annotations (set_id, pos, votes, agree, n)',
            `${layout.setId}, `,
            exWidth + prWidth,
            HUMAN_WIDTH,
          ),
  };
}

/** The multi-row INSERTs of k rows, prepared on a connection. */
export interface Inserts {
  examples: Statement;
  predictions: Statement | null;
  humans: Statement | null;
}

/** Prepares each size's INSERTs once, when first needed (k <= layout.batch). */
export function insertsCache(db: Database, layout: RowsLayout): (k: number) => Inserts {
  const cache = new Map<number, Inserts>();
  return (k) => {
    let found = cache.get(k);
    if (!found) {
      const sql = insertSql(layout, k);
      found = {
        examples: db.prepare(sql.examples),
        predictions: sql.predictions === null ? null : db.prepare(sql.predictions),
        humans: sql.humans === null ? null : db.prepare(sql.humans),
      };
      cache.set(k, found);
    }
    return found;
  };
}

// ---------------------------------------------------------------------------------------------
// Rows as messages

/**
 * One bound column of a batch of rows:
 * - `text`: the values as they are (ids, inputs: mostly distinct);
 * - `codes`: repeated text as codes into a dictionary the receiver keeps across messages
 *   (`added`: the entries this message adds, in code order; -1 is null);
 * - `number`: numbers, `nulls[i]` 1 where the value is null;
 * - `bytes`: BLOBs laid end to end, `ends[i]` the end of row i's bytes, -1 where null.
 */
export type EncodedColumn =
  | { kind: 'text'; values: (string | null)[] }
  | { kind: 'codes'; codes: Int32Array; added: string[] }
  | { kind: 'number'; values: Float64Array; nulls: Uint8Array }
  | { kind: 'bytes'; data: Uint8Array; ends: Int32Array };

/**
 * The row writer's error code when the id index cannot be built at the end: two rows share an id
 * (write-examples.ts turns it into DuplicateIds, and the import is read again, checked).
 */
export const DUPLICATE_IDS = 'DUPLICATE_IDS';

/** A rejected row for the import's log (import_rejects), numbered by the import. */
export interface LoggedReject {
  seq: number;
  line: number;
  column: string | null;
  reason: string;
}

export interface RowsMessage {
  type: 'rows';
  /** The position of the batch's first row. */
  base: number;
  n: number;
  /**
   * The bound columns in statement order: the examples' (exampleWidth), the predictions' (one
   * per predictionCols, when there is a run), the human annotations' (HUMAN_WIDTH, when there is
   * a human set).
   */
  columns: EncodedColumn[];
  /** With a human set: 1 where the row has a human annotation. */
  hasHuman: Uint8Array | null;
  rejects: LoggedReject[];
}

/** How a bound column is encoded for the thread. */
export type ColumnKind = 'text' | 'codes' | 'number' | 'bytes';

/** The encoding of each bound column of a layout, in RowsMessage.columns order. */
export function columnKinds(layout: RowsLayout): ColumnKind[] {
  const kinds: ColumnKind[] = ['text', 'codes'];
  if (layout.withInput) kinds.push('text');
  kinds.push('number');
  for (const m of layout.meta) kinds.push(m.type === 'number' ? 'number' : 'codes');
  if (layout.runId !== null) {
    for (const c of layout.predictionCols)
      kinds.push(c === 'prediction' ? 'codes' : c === 'probs' ? 'bytes' : 'number');
  }
  if (layout.setId !== null) kinds.push('codes', 'number', 'number');
  return kinds;
}

/**
 * Codes text past this many distinct values in one column stop: the column is sent as text from
 * then on (a text column of unique values would only grow the two dictionaries).
 */
export const MAX_CODES = 65_536;

/**
 * Collects one bound column's values for a message: `start(n)` before the message's n rows (its
 * arrays are allocated at their size: no growing, no copy), one `push` a row, then `take`.
 */
export interface ColumnEncoder {
  start(n: number): void;
  push(v: unknown): void;
  /** The values pushed since start, and the buffers to move with them. */
  take(transfer: ArrayBuffer[]): EncodedColumn;
}

class TextEncoder implements ColumnEncoder {
  private values: (string | null)[] = [];
  private at = 0;
  start(n: number): void {
    this.values = new Array<string | null>(n);
    this.at = 0;
  }
  push(v: unknown): void {
    this.values[this.at++] = v as string | null;
  }
  take(): EncodedColumn {
    return { kind: 'text', values: this.values };
  }
}

class CodesEncoder implements ColumnEncoder {
  /** Keyed by cell text (user text): a Map. */
  private readonly dict = new Map<string, number>();
  private readonly byCode: string[] = [];
  private codes = new Int32Array(0);
  private at = 0;
  private added: string[] = [];
  /** Past MAX_CODES distinct values: text from then on (raw holds this message's values). */
  private raw: TextEncoder | null = null;
  start(n: number): void {
    if (this.raw) this.raw.start(n);
    else {
      this.codes = new Int32Array(n);
      this.at = 0;
      this.added = [];
    }
  }
  push(v: unknown): void {
    if (this.raw) {
      this.raw.push(v);
      return;
    }
    if (v === null) {
      this.codes[this.at++] = -1;
      return;
    }
    let c = this.dict.get(v as string);
    if (c === undefined) {
      if (this.dict.size >= MAX_CODES) {
        // This message's values so far as text, then text from now on.
        const raw = new TextEncoder();
        raw.start(this.codes.length);
        for (let i = 0; i < this.at; i++) {
          const k = this.codes[i] as number;
          raw.push(k < 0 ? null : this.byCode[k]);
        }
        raw.push(v);
        this.raw = raw;
        return;
      }
      c = this.dict.size;
      this.dict.set(v as string, c);
      this.byCode.push(v as string);
      this.added.push(v as string);
    }
    this.codes[this.at++] = c;
  }
  take(transfer: ArrayBuffer[]): EncodedColumn {
    if (this.raw) return this.raw.take();
    transfer.push(this.codes.buffer as ArrayBuffer);
    return { kind: 'codes', codes: this.codes, added: this.added };
  }
}

class NumberEncoder implements ColumnEncoder {
  private values = new Float64Array(0);
  private nulls = new Uint8Array(0);
  private at = 0;
  start(n: number): void {
    this.values = new Float64Array(n);
    this.nulls = new Uint8Array(n);
    this.at = 0;
  }
  push(v: unknown): void {
    if (v === null) this.nulls[this.at] = 1;
    else this.values[this.at] = v as number;
    this.at++;
  }
  take(transfer: ArrayBuffer[]): EncodedColumn {
    transfer.push(this.values.buffer as ArrayBuffer, this.nulls.buffer as ArrayBuffer);
    return { kind: 'number', values: this.values, nulls: this.nulls };
  }
}

class BytesEncoder implements ColumnEncoder {
  private parts: Uint8Array[] = [];
  private ends = new Int32Array(0);
  private at = 0;
  private size = 0;
  start(n: number): void {
    this.parts = [];
    this.ends = new Int32Array(n);
    this.at = 0;
    this.size = 0;
  }
  push(v: unknown): void {
    if (v === null) {
      this.ends[this.at++] = -1;
      return;
    }
    const b = v as Uint8Array;
    this.parts.push(b);
    this.size += b.byteLength;
    this.ends[this.at++] = this.size;
  }
  take(transfer: ArrayBuffer[]): EncodedColumn {
    const data = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      data.set(p, at);
      at += p.byteLength;
    }
    transfer.push(data.buffer, this.ends.buffer as ArrayBuffer);
    this.parts = [];
    return { kind: 'bytes', data, ends: this.ends };
  }
}

export function columnEncoder(kind: ColumnKind): ColumnEncoder {
  switch (kind) {
    case 'text':
      return new TextEncoder();
    case 'codes':
      return new CodesEncoder();
    case 'number':
      return new NumberEncoder();
    case 'bytes':
      return new BytesEncoder();
  }
}

/** Reads one bound column of a message back as the values to bind (the receiving side). */
export class ColumnDecoder {
  /** The dictionary of a `codes` column, kept across messages. */
  private readonly byCode: string[] = [];
  private column: EncodedColumn | null = null;
  /** The start of each row's bytes in a `bytes` column. */
  private starts: Int32Array | null = null;

  /**
   * The dictionary to bind this message's codes against (codedInsertSql), or null to bind the
   * values: a `codes` column of at most CASE_MAX entries, none holding a NUL (SQL text ends there).
   */
  caseDictionary(): readonly string[] | null {
    if (this.column?.kind !== 'codes' || this.byCode.length > CASE_MAX) return null;
    return this.byCode.some((v) => v.includes('\u0000')) ? null : this.byCode;
  }

  /** As fill, the codes themselves (a `codes` column bound against caseDictionary). */
  fillCodes(out: unknown[], width: number, offset: number, start: number, k: number): void {
    const codes = (this.column as { codes: Int32Array }).codes;
    let at = offset;
    for (let i = start; i < start + k; i++, at += width) out[at] = codes[i];
  }

  use(column: EncodedColumn): void {
    this.column = column;
    if (column.kind === 'codes') for (const v of column.added) this.byCode.push(v);
    if (column.kind === 'bytes') {
      const starts = new Int32Array(column.ends.length);
      let at = 0;
      for (let i = 0; i < column.ends.length; i++) {
        starts[i] = at;
        const end = column.ends[i] as number;
        if (end >= 0) at = end;
      }
      this.starts = starts;
    }
  }

  /**
   * Puts rows start..start+k-1 into `out` as one statement binds them: row r's value at
   * (r - start) * width + offset. A loop per column kind (a switch per value cost the thread a
   * third more time).
   */
  fill(out: unknown[], width: number, offset: number, start: number, k: number): void {
    const c = this.column as EncodedColumn;
    let at = offset;
    const end = start + k;
    switch (c.kind) {
      case 'text':
        for (let i = start; i < end; i++, at += width) out[at] = c.values[i];
        return;
      case 'codes': {
        const byCode = this.byCode;
        for (let i = start; i < end; i++, at += width) {
          const code = c.codes[i] as number;
          out[at] = code < 0 ? null : byCode[code];
        }
        return;
      }
      case 'number':
        for (let i = start; i < end; i++, at += width)
          out[at] = c.nulls[i] === 1 ? null : c.values[i];
        return;
      case 'bytes': {
        const starts = this.starts as Int32Array;
        for (let i = start; i < end; i++, at += width) {
          const stop = c.ends[i] as number;
          const from = starts[i] as number;
          out[at] =
            stop < 0 ? null : Buffer.from(c.data.buffer, c.data.byteOffset + from, stop - from);
        }
        return;
      }
    }
  }
}

/**
 * Writes a message's rows with the layout's INSERTs (the thread's side; write-examples.ts writes
 * its own batches the same way without a message). No id index is in place while the thread
 * writes (ids are checked when it is built), so every row goes in.
 */
export class RowsWriter {
  private readonly inserts: (k: number) => Inserts;
  private readonly decoders: ColumnDecoder[];
  private readonly insertReject: Statement;
  private readonly exWidth: number;
  private readonly prWidth: number;
  /** The human annotations' columns (votes, agree, n), when there is a human set. */
  private readonly huDecoders: ColumnDecoder[];
  private readonly layout: RowsLayout;
  private readonly importId: number;

  private readonly db: Database;

  constructor(db: Database, layout: RowsLayout, importId: number) {
    this.db = db;
    this.layout = layout;
    this.importId = importId;
    this.inserts = insertsCache(db, layout);
    this.decoders = columnKinds(layout).map(() => new ColumnDecoder());
    this.insertReject = db.prepare(
      'INSERT INTO import_rejects (import_id, seq, line, column_name, reason) VALUES (?, ?, ?, ?, ?)',
    );
    this.exWidth = exampleWidth(layout);
    this.prWidth = layout.runId === null ? 0 : layout.predictionCols.length;
    this.huDecoders = this.decoders.slice(this.exWidth + this.prWidth);
  }

  write(m: RowsMessage): void {
    const { layout, decoders, exWidth, prWidth } = this;
    m.columns.forEach((c, j) => (decoders[j] as ColumnDecoder).use(c));
    // Rows whose every human is annotated (the usual file) go in with the coded statements.
    if (!m.hasHuman || m.hasHuman.every((h) => h === 1)) {
      this.writeCoded(m);
      for (const r of m.rejects)
        this.insertReject.run(this.importId, r.seq, r.line, r.column, r.reason);
      return;
    }
    const base = { base: 0 };
    for (let start = 0; start < m.n; start += layout.batch) {
      const k = Math.min(layout.batch, m.n - start);
      const st = this.inserts(k);
      const ex = this.params(k * exWidth);
      for (let j = 0; j < exWidth; j++)
        (decoders[j] as ColumnDecoder).fill(ex, exWidth, j, start, k);
      base.base = m.base + start;
      const changes = st.examples.run(...ex, base).changes;
      if (changes !== k) throw new Error(`row writer: ${changes} of ${k} rows went in`);
      if (st.predictions) {
        const pr = this.params(k * prWidth);
        for (let j = 0; j < prWidth; j++)
          (decoders[exWidth + j] as ColumnDecoder).fill(pr, prWidth, j, start, k);
        st.predictions.run(...pr, base);
      }
      if (st.humans && m.hasHuman) this.writeHumans(m, start, k, st.humans);
    }
    for (const r of m.rejects)
      this.insertReject.run(this.importId, r.seq, r.line, r.column, r.reason);
  }

  /**
   * The message's rows through codedInsertSql: each coded column of a small dictionary bound as
   * its codes, the statements prepared once per batch size and dictionaries' sizes (a dictionary
   * only grows: a few variants at the file's start).
   */
  private writeCoded(m: RowsMessage): void {
    const { decoders, exWidth, prWidth } = this;
    const dicts = decoders.map((d) => d.caseDictionary());
    const key = dicts.map((d) => (d ? d.length : -1)).join(',');
    // Each table's bound columns: the first one's place in RowsMessage.columns, and how many.
    const tables = [
      { table: 'examples', first: 0, n: exWidth },
      { table: 'predictions', first: exWidth, n: prWidth },
      { table: 'humans', first: exWidth + prWidth, n: HUMAN_WIDTH },
    ] as const;
    const batch = Math.max(1, Math.floor((this.layout.batch * exWidth) / (exWidth + 1)));
    for (let start = 0; start < m.n; start += batch) {
      const k = Math.min(batch, m.n - start);
      const st = this.codedStatements(k, key, dicts);
      for (const { table, first, n } of tables) {
        const statement = st[table];
        if (statement === null) continue;
        // A row's position, then its bound columns.
        const width = n + 1;
        const params = this.params(k * width);
        for (let i = 0, at = 0; i < k; i++, at += width) params[at] = m.base + start + i;
        for (let j = 0; j < n; j++) {
          const d = decoders[first + j] as ColumnDecoder;
          if (dicts[first + j]) d.fillCodes(params, width, j + 1, start, k);
          else d.fill(params, width, j + 1, start, k);
        }
        const changes = statement.run(...params).changes;
        if (table === 'examples' && changes !== k)
          throw new Error(`row writer: ${changes} of ${k} rows went in`);
      }
    }
  }
  private codedStatements(
    k: number,
    key: string,
    dicts: readonly (readonly string[] | null)[],
  ): Inserts {
    const id = `${k}|${key}`;
    let found = this.coded.get(id);
    if (!found) {
      const sql = codedInsertSql(this.layout, k, dicts);
      found = {
        examples: this.db.prepare(sql.examples),
        predictions: sql.predictions === null ? null : this.db.prepare(sql.predictions),
        humans: sql.humans === null ? null : this.db.prepare(sql.humans),
      };
      this.coded.set(id, found);
    }
    return found;
  }
  private readonly coded = new Map<string, Inserts>();

  /** An array of n parameters: one kept per size (filled anew for every batch). */
  private params(n: number): unknown[] {
    let found = this.kept.get(n);
    if (!found) {
      found = new Array<unknown>(n);
      this.kept.set(n, found);
    }
    return found;
  }
  private readonly kept = new Map<number, unknown[]>();

  /** All k rows annotated: one INSERT; else the annotated ones one by one. */
  private writeHumans(m: RowsMessage, start: number, k: number, all: Statement): void {
    const has = m.hasHuman as Uint8Array;
    const dec = this.huDecoders;
    let every = true;
    for (let r = start; r < start + k; r++) if (has[r] !== 1) every = false;
    if (every) {
      const hu = this.params(k * HUMAN_WIDTH);
      for (let j = 0; j < HUMAN_WIDTH; j++)
        (dec[j] as ColumnDecoder).fill(hu, HUMAN_WIDTH, j, start, k);
      all.run(...hu, { base: m.base + start });
      return;
    }
    const one = this.inserts(1).humans as Statement;
    const hu = new Array<unknown>(HUMAN_WIDTH);
    for (let r = start; r < start + k; r++) {
      if (has[r] !== 1) continue;
      for (let j = 0; j < HUMAN_WIDTH; j++)
        (dec[j] as ColumnDecoder).fill(hu, HUMAN_WIDTH, j, r, 1);
      one.run(...hu, { base: m.base + r });
    }
  }
}
