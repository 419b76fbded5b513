import type { Database } from 'better-sqlite3';
import type { ColumnMapping } from '../../../shared/imports.ts';
import type { MetadataKind } from '../../../shared/roles.ts';
import { humanSource, type IndexColumns } from '../analysis/analysis-index.ts';
import { prepareIndex, type PreparedIndex } from '../analysis/index-cache.ts';
import {
  createExamplesIdIndex,
  EXAMPLES_ID_INDEX,
} from '../db/migrations/015-examples-id-index.ts';
import { IndexColumnsBuilder, type GatheredColumn } from '../analysis/index-columns.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { ColumnPlan } from './detect-roles.ts';
import {
  columnEncoder,
  columnKinds,
  DUPLICATE_IDS,
  exampleWidth,
  insertsCache,
  type ColumnEncoder,
  type PredictionColumn,
  type RowsLayout,
} from './row-batches.ts';
import { RowWriterThread } from './row-writer-thread.ts';
import type { RowReject } from './types.ts';
import {
  RowError,
  hasHumans,
  hasRun,
  humanKind,
  humanParts,
  probSumCheck,
  readHumans,
  type HumanValues,
  type RunValues,
  readRun,
  requiredText,
  runParts,
} from './row-parts.ts';
import { isEmpty, OutOfRange, parseNumber } from './values.ts';
import { resolveClasses, type ImportWriter, type WriterContext } from './writer.ts';

/** Categorical columns give one slice per value, up to this many distinct values (analysis.md 4). */
export const MAX_CATEGORIES = 50;
/** Rows per multi-row INSERT (fewer when the rows are so wide that SQLite's variables run out). */
const BATCH = 64;
/**
 * Parameters per multi-row INSERT at most. They are passed as arguments (`run(...values)`), which
 * better-sqlite3 binds 1.7x faster than one array (it reads an array element by element through
 * Node-API lookups: 1M rows x 10 columns, 2.6 s vs 1.5 s); this bounds the arguments of one call.
 */
const MAX_PARAMETERS = 8192;
/**
 * Columns beside the metadata ones in the widest statement over examples (rowsAt's SELECT: pos,
 * id, input, label, prediction, confidence); the table itself has five.
 */
const FIXED_COLUMNS = 6;
/**
 * Distinct values of a text metadata column counted in memory while rows go in, up to this many;
 * a column with more is counted by SQLite at the end (COUNT(DISTINCT) scans the whole table).
 * Numeric columns are counted from their gathered values at the end, however many.
 */
const DISTINCT_IN_MEMORY = 65_536;

/** A compile-time limit of this SQLite build (PRAGMA compile_options), else SQLite's default. */
function compiledLimit(db: Database, name: string, fallback: number): number {
  const options = db.pragma('compile_options', { simple: false }) as { compile_options: string }[];
  const hit = options.find((o) => o.compile_options.startsWith(`${name}=`));
  return hit ? Number(hit.compile_options.slice(name.length + 1)) : fallback;
}

/**
 * Metadata columns are columns of the examples table (m_1, m_2, ...), so SQLite's column limit
 * (SQLITE_MAX_COLUMN, 2,000 in this build) bounds how many a project holds.
 */
function checkColumnCount(db: Database, count: number, plans: readonly ColumnPlan[]): void {
  const max = compiledLimit(db, 'MAX_COLUMN', 2000) - FIXED_COLUMNS;
  if (count <= max) return;
  const fmt = (n: number) => n.toLocaleString('en-US');
  throw new HeadroomError(
    'BAD_MAPPING',
    `the file has ${fmt(count)} metadata columns (of ${fmt(plans.length)} columns), and a project holds at most ${fmt(max)}: SQLite's limit of ${fmt(max + FIXED_COLUMNS)} columns per table, less ${FIXED_COLUMNS} for the example's own fields. Leave out the columns you do not need to slice by (remove them from the file, or --map ignore=COLUMN).`,
  );
}

interface MetaColumn {
  plan: ColumnPlan;
  sqlName: string;
  type: 'number' | 'string';
  forced: MetadataKind | null;
}

/** Roles stored as metadata columns; human_signal is stored and shown, but never sliced. */
const META_ROLES = new Set(['metadata', 'categorical', 'numeric', 'text', 'human_signal']);
/** Roles whose type and kind are inferred from the values. */
const INFERRED_ROLES = new Set(['metadata', 'human_signal']);

/** Number when every non-empty sampled value is a number (and one exists); forced roles win. */
function inferType(
  plan: ColumnPlan,
  sample: readonly (readonly (string | null)[])[],
): 'number' | 'string' {
  if (plan.role === 'numeric') return 'number';
  if (!INFERRED_ROLES.has(plan.role)) return 'string';
  let seen = false;
  for (const row of sample) {
    const v = row[plan.index];
    if (isEmpty(v)) continue;
    if (parseNumber(v) === null) return 'string';
    seen = true;
  }
  return seen ? 'number' : 'string';
}

/**
 * Thrown by finish() of a load without the id index (`ids: 'at the end'`) when the index cannot be
 * built: two rows share an id. The import then starts again with the index in place, which rejects
 * each later row of an id where it stands (import-job.ts).
 */
export class DuplicateIds extends Error {
  constructor(cause: unknown) {
    super('the file has duplicate ids', { cause });
  }
}

/**
 * How ids are kept unique: `checked`, by the id index as each row goes in (a duplicate is rejected
 * with the line of its first row); `at the end`, by building the index once every row is in (SQLite
 * sorts the ids once instead of inserting each into the index: 3M rows with ids in no particular
 * order 23.6 -> 9.4 s), and DuplicateIds when it cannot be built.
 */
export type IdCheck = 'checked' | 'at the end';

/** The first import of a project: examples, their metadata, and optionally a run and humans. */
export function createExamplesWriter(
  ctx: WriterContext,
  plans: readonly ColumnPlan[],
  sample: readonly (readonly (string | null)[])[],
  ids: IdCheck = 'checked',
): ImportWriter {
  const { db } = ctx;
  const idsAtEnd = ids === 'at the end';
  if (idsAtEnd) db.exec(`DROP INDEX ${EXAMPLES_ID_INDEX}`);
  const idPlan = plans.find((p) => p.role === 'id') as ColumnPlan;
  const labelPlan = plans.find((p) => p.role === 'label') as ColumnPlan;
  const inputPlan = plans.find((p) => p.role === 'input');
  const meta: MetaColumn[] = plans
    .filter((p) => META_ROLES.has(p.role))
    .map((plan, i) => ({
      plan,
      sqlName: `m_${i + 1}`,
      type: inferType(plan, sample),
      forced: INFERRED_ROLES.has(plan.role) ? null : (plan.role as MetadataKind),
    }));
  checkColumnCount(db, meta.length, plans);
  for (const m of meta) db.exec(`ALTER TABLE examples ADD COLUMN ${m.sqlName}`);

  const run = runParts(plans);
  const sums = probSumCheck(run);
  const humans = humanParts(plans);
  let runId: number | null = null;
  if (hasRun(run)) {
    runId = Number(
      db
        .prepare(
          'INSERT INTO runs (name, import_id, has_confidence, has_score, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(ctx.name, ctx.importId, run.confidence ? 1 : 0, run.score ? 1 : 0, ctx.now)
        .lastInsertRowid,
    );
  }
  let setId: number | null = null;
  if (hasHumans(humans)) {
    const kind = humanKind(humans);
    const cols = [...humans.labels, ...humans.votes, humans.agreement, humans.count]
      .filter((p) => p !== undefined)
      .map((p) => p.name);
    setId = Number(
      db
        .prepare(
          'INSERT INTO human_sets (name, import_id, kind, columns, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run('humans', ctx.importId, kind, JSON.stringify(cols), ctx.now).lastInsertRowid,
    );
  }

  // The index's columns and the metadata columns' values, gathered as rows go in: the run's
  // index is saved with the import, and distinct counts come from the same values.
  const gathered: GatheredColumn[] = meta.map((m) =>
    m.type === 'number'
      ? { name: m.plan.name, type: 'number' }
      : {
          name: m.plan.name,
          type: 'string',
          limit: m.forced === 'categorical' ? Number.POSITIVE_INFINITY : DISTINCT_IN_MEMORY,
        },
  );
  const columns = new IndexColumnsBuilder({
    run: runId === null ? null : { id: runId, name: ctx.name, graded: run.score !== undefined },
    meta: gathered,
    human:
      setId === null
        ? null
        : { setId, source: humanSource({ name: 'humans', kind: humanKind(humans) }) },
    ...(ctx.expectedRows === undefined ? {} : { expectedRows: ctx.expectedRows }),
  });
  const gather = (p: Pending) =>
    columns.add(p.values[1] as string, p.out, p.values, 4, p.human?.agree ?? null);

  // Rows are written in multi-row INSERTs of BATCH rows (a third of the per-row cost of
  // better-sqlite3 calls; row-batches.ts insertSql); a batch with a duplicate id is redone row
  // by row so positions stay dense.
  const withInput = inputPlan !== undefined;
  const runCols = {
    prediction: run.prediction !== undefined,
    confidence: run.confidence !== undefined,
    score: run.score !== undefined,
    probs: run.probs.length > 0,
  };
  const predictionCols = (Object.keys(runCols) as PredictionColumn[]).filter((c) => runCols[c]);
  const layout: RowsLayout = {
    withInput,
    meta: meta.map((m) => ({ sqlName: m.sqlName, type: m.type })),
    predictionCols,
    runId,
    setId,
    batch: 1,
  };
  const exampleCols = exampleWidth(layout);
  layout.batch = Math.max(
    1,
    Math.min(
      BATCH,
      Math.floor(
        (Math.min(MAX_PARAMETERS, compiledLimit(db, 'MAX_VARIABLE_NUMBER', 32766)) - 1) /
          exampleCols,
      ),
    ),
  );
  const batch = layout.batch;
  const insertsFor = insertsCache(db, layout);
  /** The one-row statements: a batch redone row by row after a duplicate id. */
  const single = insertsFor(1);
  const deleteFrom = db.prepare('DELETE FROM examples WHERE pos >= ?');
  const firstLineOf = db.prepare<[string], { src_line: number }>(
    'SELECT src_line FROM examples WHERE id = ?',
  );

  interface Pending {
    /** id, label, input, src_line, then the metadata columns' values (index-columns.ts reads them at 4). */
    values: unknown[];
    out: RunValues | null;
    human: HumanValues | null;
  }
  let pending: Pending[] = [];
  let pos = 0;
  const base = { base: 0 };
  // The parameters of a batch's statements, filled in place (arrays of the full batch's size are
  // kept; a shorter batch gets its own).
  const fullEx: unknown[] = new Array<unknown>(batch * exampleCols);
  const fullPr: unknown[] = new Array<unknown>(batch * predictionCols.length);
  const fullHu: unknown[] = new Array<unknown>(batch * 3);
  /**
   * Fills `ex`, `pr` and `hu` with the rows' bound values for examples, predictions and humans;
   * `hu` only when every row has a human annotation (else false: they are written one by one).
   */
  function bindRows(
    rows: readonly Pending[],
    ex: unknown[],
    pr: unknown[],
    hu: unknown[],
  ): boolean {
    let k = 0;
    for (let i = 0; i < rows.length; i++) {
      const values = (rows[i] as Pending).values;
      ex[k++] = values[0];
      ex[k++] = values[1];
      if (withInput) ex[k++] = values[2];
      for (let j = 3; j < values.length; j++) ex[k++] = values[j];
    }
    if (runId !== null) {
      k = 0;
      for (let i = 0; i < rows.length; i++) {
        const o = (rows[i] as Pending).out as RunValues;
        if (runCols.prediction) pr[k++] = o.prediction;
        if (runCols.confidence) pr[k++] = o.confidence;
        if (runCols.score) pr[k++] = o.score;
        if (runCols.probs) pr[k++] = o.probs;
      }
    }
    if (setId === null) return false;
    k = 0;
    for (let i = 0; i < rows.length; i++) {
      const h = (rows[i] as Pending).human;
      if (!h) return false;
      hu[k++] = h.votes;
      hu[k++] = h.agree;
      hu[k++] = h.n;
    }
    return true;
  }
  function writeOne(p: Pending): RowError | null {
    const ex = new Array<unknown>(exampleCols);
    const pr = new Array<unknown>(predictionCols.length);
    const hu = new Array<unknown>(3);
    const human = bindRows([p], ex, pr, hu);
    base.base = pos;
    if (single.examples.run(...ex, base).changes === 0) {
      const id = p.values[0] as string;
      const first = firstLineOf.get(id)?.src_line;
      return new RowError(idPlan.name, `duplicate id ${quote(id)} (first on line ${first})`);
    }
    if (p.out && single.predictions) single.predictions.run(...pr, base);
    if (human && single.humans) single.humans.run(...hu, base);
    sums.add(p.out, p.values[3] as number);
    gather(p);
    pos++;
    return null;
  }

  /** Writes up to `batch` rows in one INSERT per table (a row at a time after a duplicate id). */
  function writeBatch(rows: Pending[]): RowReject[] {
    const full = rows.length === batch;
    const ex = full ? fullEx : new Array<unknown>(rows.length * exampleCols);
    const pr = full ? fullPr : new Array<unknown>(rows.length * predictionCols.length);
    const hu = full ? fullHu : new Array<unknown>(rows.length * 3);
    const {
      examples: insertExamples,
      predictions: insertPredictions,
      humans: insertHumans,
    } = insertsFor(rows.length);
    const allHuman = bindRows(rows, ex, pr, hu);
    base.base = pos;
    if (insertExamples.run(...ex, base).changes === rows.length) {
      if (insertPredictions) insertPredictions.run(...pr, base);
      if (insertHumans) {
        if (allHuman) insertHumans.run(...hu, base);
        else {
          const one = { base: 0 };
          rows.forEach((r, i) => {
            if (!r.human) return;
            one.base = pos + i;
            single.humans?.run(r.human.votes, r.human.agree, r.human.n, one);
          });
        }
      }
      for (const r of rows) {
        sums.add(r.out, r.values[3] as number);
        gather(r);
      }
      pos += rows.length;
      return [];
    }
    // A duplicate id in the batch: undo it and write row by row.
    deleteFrom.run(pos);
    const rejects: RowReject[] = [];
    for (const r of rows) {
      const err = writeOne(r);
      if (err)
        rejects.push({ line: r.values[3] as number, column: err.column, reason: err.reason });
    }
    return rejects;
  }

  // A new project's rows go to the row writer thread (row-batches.ts), encoded per column; the
  // index and the probability sums are gathered here as they are sent.
  let thread: RowWriterThread | null = null;
  const encoders = ctx.rowsThread && idsAtEnd ? columnKinds(layout).map(columnEncoder) : null;
  function sendRows(rows: readonly Pending[]): void {
    const enc = encoders as ColumnEncoder[];
    const n = rows.length;
    const hasHuman = setId === null ? null : new Uint8Array(n);
    for (const e of enc) e.start(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i] as Pending;
      const values = r.values;
      let j = 0;
      for (let c = 0; c < values.length; c++) {
        if (c !== 2 || withInput) (enc[j++] as ColumnEncoder).push(values[c]);
      }
      if (runId !== null) {
        const o = r.out as RunValues;
        if (runCols.prediction) (enc[j++] as ColumnEncoder).push(o.prediction);
        if (runCols.confidence) (enc[j++] as ColumnEncoder).push(o.confidence);
        if (runCols.score) (enc[j++] as ColumnEncoder).push(o.score);
        if (runCols.probs) (enc[j++] as ColumnEncoder).push(o.probs);
      }
      if (hasHuman) {
        const h = r.human;
        if (h) hasHuman[i] = 1;
        (enc[j++] as ColumnEncoder).push(h ? h.votes : null);
        (enc[j++] as ColumnEncoder).push(h ? h.agree : null);
        (enc[j++] as ColumnEncoder).push(h ? h.n : null);
      }
      sums.add(r.out, values[3] as number);
      gather(r);
    }
    const transfer: ArrayBuffer[] = [];
    const columns = enc.map((e) => e.take(transfer));
    if (hasHuman) transfer.push(hasHuman.buffer);
    (thread as RowWriterThread).send({ base: pos, n, columns, hasHuman }, transfer);
    pos += n;
  }
  const rowsThread = encoders ? (ctx.rowsThread ?? null) : null;

  interface ColumnFacts {
    distinct: number;
    kind: MetadataKind;
  }
  /**
   * Each metadata column's distinct count and kind, once every row is in. A text column with too
   * many values to count in memory is counted by SQL; without `sql`, null in that case.
   */
  function columnFacts(sql: boolean): Map<MetaColumn, ColumnFacts> | null {
    if (!sql && meta.some((m, k) => m.type === 'string' && columns.distinctCount(k) === null))
      return null;
    const facts = new Map<MetaColumn, ColumnFacts>();
    meta.forEach((m, k) => {
      const distinct =
        columns.distinctCount(k) ??
        (
          db.prepare(`SELECT COUNT(DISTINCT ${m.sqlName}) AS d FROM examples`).get() as {
            d: number;
          }
        ).d;
      const kind: MetadataKind =
        m.forced ??
        (m.type === 'number' ? 'numeric' : distinct <= MAX_CATEGORIES ? 'categorical' : 'text');
      facts.set(m, { distinct, kind });
    });
    return facts;
  }
  /** The run's index: metadata columns in file order (columns.ord), categorical and numeric ones sliced. */
  function indexFrom(facts: Map<MetaColumn, ColumnFacts>): IndexColumns | null {
    if (runId === null) return null;
    return columns.finish(
      meta.map(
        (m) => (facts.get(m) as ColumnFacts).kind !== 'text' && m.plan.role !== 'human_signal',
      ),
    );
  }
  /** Facts and index computed while the row writer thread finished (thread.end). */
  let early: {
    facts: Map<MetaColumn, ColumnFacts>;
    index: IndexColumns | null;
    prepared: PreparedIndex | null;
  } | null = null;

  return {
    write(row, line) {
      const id = requiredText(idPlan, row, 'id');
      if (id instanceof RowError) return id;
      const label = requiredText(labelPlan, row, 'label');
      if (label instanceof RowError) return label;
      const out = runId === null ? null : readRun(run, row);
      if (out instanceof RowError) return out;
      const human = setId === null ? null : readHumans(humans, row, label);
      if (human instanceof RowError) return human;
      const values: unknown[] = new Array<unknown>(4 + meta.length);
      values[0] = id;
      values[1] = label;
      values[2] = inputPlan ? row[inputPlan.index] || null : null;
      values[3] = line;
      for (let k = 0; k < meta.length; k++) {
        const m = meta[k] as MetaColumn;
        const v = row[m.plan.index];
        if (isEmpty(v)) values[4 + k] = null;
        else if (m.type === 'number') {
          const n = parseNumber(v);
          if (n === null) {
            return new RowError(
              m.plan.name,
              `${quote(v)} is not a number (the column's first values are numbers; use --map categorical=${quote(m.plan.name)} to import it as text)`,
            );
          }
          if (n instanceof OutOfRange) return new RowError(m.plan.name, n.reason);
          values[4 + k] = n;
        } else values[4 + k] = v;
      }
      pending.push({ values, out, human });
      return null;
    },
    flush() {
      const rows = pending;
      pending = [];
      if (thread) {
        if (rows.length > 0) sendRows(rows);
        return [];
      }
      const rejects: RowReject[] = [];
      // The last, shorter batch too in one INSERT a table (its statement prepared once per size).
      for (let i = 0; i < rows.length; i += batch) {
        const late = writeBatch(rows.slice(i, i + batch));
        for (const r of late) rejects.push(r);
      }
      return rejects;
    },
    finish() {
      const insertColumn = db.prepare(
        'INSERT INTO columns (name, ord, role, type, kind, sql_name, distinct_count) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const mapping: ColumnMapping[] = [];
      const notes: string[] = [];
      const facts = early?.facts ?? (columnFacts(true) as Map<MetaColumn, ColumnFacts>);
      for (const p of plans) {
        const m = meta.find((x) => x.plan === p);
        if (!m) {
          insertColumn.run(p.name, p.index, p.role, 'string', 'none', null, null);
          mapping.push({ column: p.name, role: p.role, reason: p.reason });
          continue;
        }
        const { distinct, kind } = facts.get(m) as ColumnFacts;
        insertColumn.run(p.name, p.index, p.role, m.type, kind, m.sqlName, distinct);
        mapping.push({ column: p.name, role: p.role, reason: p.reason, kind });
      }
      if (runId !== null && run.probs.length > 0) {
        const classes = resolveClasses(
          db,
          run.probs.map((p) => p.classKey ?? p.name),
          runId,
        );
        db.prepare('UPDATE runs SET classes = ? WHERE id = ?').run(JSON.stringify(classes), runId);
        const sumNote = sums.note();
        if (sumNote) notes.push(sumNote);
      }
      if (setId !== null) {
        const kind = humanKind(humans);
        if (kind === 'votes') {
          const classes = resolveClasses(
            db,
            humans.votes.map((p) => p.classKey ?? p.name),
          );
          db.prepare('UPDATE human_sets SET classes = ? WHERE id = ?').run(
            JSON.stringify(classes),
            setId,
          );
          if (humans.labels.length > 0) {
            notes.push(
              `human label columns (${humans.labels.map((p) => p.name).join(', ')}) were not used: vote counts take precedence`,
            );
          }
        }
        if (humans.agreement) {
          notes.push(
            `human agreement per example is read from column ${quote(humans.agreement.name)}`,
          );
        }
      }
      if (runId === null) notes.push('no prediction column: no run was created');
      // The row writer thread has built the id index already.
      if (idsAtEnd && !thread) {
        try {
          createExamplesIdIndex(db);
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
            throw new DuplicateIds(err);
          throw err;
        }
      }
      const index = early ? early.index : indexFrom(facts);
      return {
        mapping,
        examplesWithout: 0,
        notes,
        ...(index ? { index } : {}),
        ...(early?.prepared ? { prepared: early.prepared } : {}),
      };
    },
    ...(rowsThread
      ? {
          thread: {
            begin() {
              thread = new RowWriterThread({
                path: rowsThread.path,
                layout,
                importId: ctx.importId,
                cacheKib: rowsThread.cacheKib,
                ...(rowsThread.fault ? { fault: rowsThread.fault } : {}),
              });
            },
            drain: () => (thread as RowWriterThread).drain(),
            logReject: (r) => (thread as RowWriterThread).logReject(r),
            async end() {
              // The thread builds the id index and commits while this one computes the columns'
              // facts and the index, serialized as it is saved (unless a text column must be
              // counted by SQL).
              const written = (thread as RowWriterThread).end();
              const facts = columnFacts(false);
              if (facts) {
                const index = indexFrom(facts);
                early = { facts, index, prepared: index && prepareIndex(index) };
              }
              try {
                await written;
              } catch (err) {
                if ((err as { code?: string }).code === DUPLICATE_IDS) throw new DuplicateIds(err);
                throw err;
              }
            },
            closed: () => (thread as RowWriterThread).closed(),
            abort: async () => {
              await thread?.abort();
            },
          },
        }
      : {}),
  };
}
