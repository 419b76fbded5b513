import type { Database } from 'better-sqlite3';
import { HeadroomError, quote } from '../errors.ts';
import { emptyBits, setBit, type Bits } from './bitset.ts';
import { parseVotes, voteClasses, voteShare } from './human-votes.ts';
import { correctedLabels } from '../review/verdicts.ts';
import { liveTagBits } from '../tags/members.ts';
import { listRules, positionsWhere } from './rules-store.ts';
import { loadBinCounts } from './bin-counts.ts';
import {
  categoricalSlices,
  classSlices,
  numericSlices,
  type CodedValues,
  type SliceDef,
} from './slice-defs.ts';
import type { LabelSet } from '../../../shared/report.ts';

/**
 * The derived in-memory index of one project, run and label set: correctness and human agreement
 * per example position, and every slice as a bitset. Rebuilt from SQLite when a project opens;
 * never the only copy of anything.
 */
export interface AnalysisIndex {
  /** Examples in the project (positions 0..n-1). */
  n: number;
  run: { id: number; name: string };
  /** Original labels, or the labels after review (a 'wrong' verdict's correction). */
  labels: LabelSet;
  /** Examples with a prediction or score in the run. */
  inRun: Bits;
  /** 0/1 correctness as bits, when the run has no score column. */
  correctBits: Bits | null;
  /** Graded correctness in [0, 1], when it has. */
  correctVals: Float64Array | null;
  human: {
    setId: number;
    source: string;
    has: Bits;
    values: Float64Array;
    /** Every value is 0 or 1 (one human label column): Wilson intervals apply. */
    binary: boolean;
    /** Bits of value 1, when binary. */
    ones: Bits | null;
  } | null;
  slices: SliceDef[];
}

interface ColumnRow {
  name: string;
  sql_name: string;
  kind: 'categorical' | 'numeric' | 'text';
}

/** The run to analyse: the named one, or the first. */
export function pickRun(
  db: Database,
  name?: string,
): { id: number; name: string; has_score: number } {
  const runs = db
    .prepare<[], { id: number; name: string; has_score: number }>(
      'SELECT id, name, has_score FROM runs ORDER BY id',
    )
    .all();
  if (runs.length === 0)
    throw new HeadroomError('NOT_FOUND', 'The project has no run (no predictions were imported).');
  if (name === undefined) return runs[0] as (typeof runs)[number];
  const hit = runs.find((r) => r.name === name);
  if (!hit) {
    throw new HeadroomError(
      'NOT_FOUND',
      `No run named ${quote(name)} (runs: ${runs.map((r) => quote(r.name)).join(', ')}).`,
    );
  }
  return hit;
}

let buildsFromRows = 0;

/** How many indexes this process built by reading rows (buildIndex): what a saved copy spares. */
export function indexBuildsFromRows(): number {
  return buildsFromRows;
}

export function buildIndex(
  db: Database,
  runName?: string,
  labelSet: LabelSet = 'original',
): AnalysisIndex {
  buildsFromRows++;
  const run = pickRun(db, runName);
  const corrected = labelSet === 'corrected' ? correctedLabels(db) : null;
  const n = (db.prepare('SELECT COUNT(*) AS n FROM examples').get() as { n: number }).n;
  const metaCols = db
    .prepare<[], ColumnRow>(
      "SELECT name, sql_name, kind FROM columns WHERE sql_name IS NOT NULL AND kind IN ('categorical', 'numeric') AND role <> 'human_signal' ORDER BY ord",
    )
    .all();
  const labels: string[] = new Array<string>(n);
  const inRun = emptyBits(n);
  const graded = run.has_score === 1;
  const correctBits = graded ? null : emptyBits(n);
  const correctVals = graded ? new Float64Array(n) : null;
  const catValues = metaCols.map((c) =>
    c.kind === 'categorical' ? new Array<string | null>(n).fill(null) : null,
  );
  const numValues = metaCols.map((c) =>
    c.kind === 'numeric' ? new Float64Array(n).fill(Number.NaN) : null,
  );

  const select = `SELECT e.pos, e.label, p.prediction, p.score, p.pos IS NOT NULL${metaCols.map((c) => `, e.${c.sql_name}`).join('')}
      FROM examples e LEFT JOIN predictions p ON p.pos = e.pos AND p.run_id = ? ORDER BY e.pos`;
  const k = metaCols.length;
  for (const row of db.prepare(select).raw().iterate(run.id) as IterableIterator<unknown[]>) {
    const pos = row[0] as number;
    const label = corrected?.get(pos) ?? (row[1] as string);
    labels[pos] = label;
    if (row[4] === 1) {
      setBit(inRun, pos);
      if (correctBits) {
        if (row[2] === label) setBit(correctBits, pos);
      } else if (correctVals) {
        const s = row[3] as number | null;
        correctVals[pos] = s === null ? (row[2] === label ? 1 : 0) : Math.min(1, Math.max(0, s));
      }
    }
    for (let j = 0; j < k; j++) {
      const v = row[5 + j];
      if (v === null) continue;
      const cat = catValues[j];
      if (cat) cat[pos] = String(v);
      else (numValues[j] as Float64Array)[pos] = v as number;
    }
  }

  const human = loadHumans(db, n, corrected);
  return indexFromColumns(db, {
    n,
    run: { id: run.id, name: run.name },
    labelSet,
    labels,
    inRun,
    correctBits,
    correctVals,
    meta: metaCols.map((c, j) => ({
      name: c.name,
      values: (catValues[j] ?? numValues[j]) as (string | null)[] | Float64Array,
    })),
    human,
  });
}

/**
 * What an index is made from, per example position: read back from SQLite (buildIndex) or
 * gathered while an import writes the rows (index-columns.ts). Metadata columns come in column
 * order, categorical ones as text (null where empty), numeric ones as numbers (NaN where empty).
 */
export interface IndexColumns {
  n: number;
  run: { id: number; name: string };
  labelSet: LabelSet;
  labels: readonly string[] | CodedValues;
  inRun: Bits;
  correctBits: Bits | null;
  correctVals: Float64Array | null;
  meta: {
    name: string;
    values: readonly (string | null)[] | CodedValues | Float64Array;
    /** A numeric column's values sorted (empty NaN last), when they already were. */
    sorted?: Float64Array;
  }[];
  human: AnalysisIndex['human'];
}

/** The index of the given columns: their slices, then the project's tags and rules. */
export function indexFromColumns(db: Database, c: IndexColumns): AnalysisIndex {
  return indexFromParts(c, loadBinCounts(db), (n) =>
    loadTagSlices(db, n).concat(loadRuleSlices(db, n, c.run.id)),
  );
}

/**
 * indexFromColumns with the project's numeric bin counts given and its tag and rule slices made by
 * `more` (a new project has none: write-examples.ts builds its index before its transaction).
 */
export function indexFromParts(
  c: IndexColumns,
  binCounts: ReadonlyMap<string, number>,
  more: (n: number) => SliceDef[],
): AnalysisIndex {
  const { n } = c;
  const slices: SliceDef[] = [];
  for (const m of c.meta) {
    if (m.values instanceof Float64Array)
      slices.push(...numericSlices(m.name, m.values, n, binCounts.get(m.name), m.sorted));
    else slices.push(...categoricalSlices(m.name, m.values, n));
  }
  slices.push(...classSlices(c.labels, n));
  slices.push(...more(n));
  return {
    n,
    run: c.run,
    labels: c.labelSet,
    inRun: c.inRun,
    correctBits: c.correctBits,
    correctVals: c.correctVals,
    human: c.human,
    slices,
  };
}

/** The human part of an index from its values: `ones` when every value is 0 or 1. */
export function humanIndex(
  set: { setId: number; source: string },
  n: number,
  has: Bits,
  values: Float64Array,
  binary: boolean,
): NonNullable<AnalysisIndex['human']> {
  let ones: Bits | null = null;
  if (binary) {
    ones = emptyBits(n);
    for (let i = 0; i < n; i++) if (values[i] === 1) setBit(ones, i);
  }
  return { setId: set.setId, source: set.source, has, values, binary, ones };
}

/** How the index names a human set: "humans (labels)". */
export function humanSource(set: { name: string; kind: string }): string {
  return `${set.name} (${set.kind})`;
}

function loadHumans(
  db: Database,
  n: number,
  corrected: Map<number, string> | null,
): AnalysisIndex['human'] {
  const set = db
    .prepare<[], { id: number; name: string; kind: string; classes: string | null }>(
      'SELECT id, name, kind, classes FROM human_sets ORDER BY id LIMIT 1',
    )
    .get();
  if (!set) return null;
  const classes = voteClasses(set.classes);
  const has = emptyBits(n);
  const values = new Float64Array(n);
  let binary = true;
  // The votes (JSON text) are read only when a corrected label needs them.
  const columns = corrected ? 'pos, agree, votes' : 'pos, agree, NULL';
  for (const [pos, agree, votes] of db
    .prepare(`SELECT ${columns} FROM human_annotations WHERE set_id = ?`)
    .raw()
    .iterate(set.id) as IterableIterator<[number, number, string | null]>) {
    let value: number | null = agree;
    const label = corrected?.get(pos);
    if (label !== undefined) {
      // Agreement with the corrected label: from the votes; unknown without them.
      value = voteShare(parseVotes(votes, classes), label);
      if (value === null) continue;
    }
    setBit(has, pos);
    values[pos] = value;
    if (value !== 0 && value !== 1) binary = false;
  }
  return humanIndex({ setId: set.id, source: humanSource(set) }, n, has, values, binary);
}

export function loadTagSlices(db: Database, n: number): SliceDef[] {
  return liveTagBits(db, n).map((t) => ({
    id: `tag:${t.id}`,
    kind: 'tag',
    name: t.name,
    bits: t.bits,
  }));
}

/** Saved rules, re-applied to the data each time the index is built. */
export function loadRuleSlices(db: Database, n: number, runId: number): SliceDef[] {
  return listRules(db).map((r) => {
    const bits = emptyBits(n);
    for (const pos of positionsWhere(db, r.expression, runId)) setBit(bits, pos);
    return { id: `rule:${r.id}`, kind: 'rule', name: r.name, bits };
  });
}

const labelCodesCache = new WeakMap<AnalysisIndex, { codes: Int32Array; count: number }>();

/**
 * A code per position for the label in use, read from the index's class slices (one per distinct
 * label): enough for counts by label such as the majority baseline, without a pass over SQLite.
 * Codes follow the slices' order; kept per index.
 */
export function labelCodes(index: AnalysisIndex): { codes: Int32Array; count: number } {
  let hit = labelCodesCache.get(index);
  if (hit) return hit;
  const codes = new Int32Array(index.n);
  let count = 0;
  for (const s of index.slices) {
    if (s.kind !== 'class') continue;
    const code = count++;
    const bits = s.bits;
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w] as number;
      while (x !== 0) {
        const bit = x & -x;
        x ^= bit;
        codes[(w << 5) + (31 - Math.clz32(bit))] = code;
      }
    }
  }
  hit = { codes, count };
  labelCodesCache.set(index, hit);
  return hit;
}
