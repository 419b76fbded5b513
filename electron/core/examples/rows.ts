import type { Database } from 'better-sqlite3';
import type { ExampleRow } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { hasBit } from '../analysis/bitset.ts';
import { correctedLabels } from '../review/verdicts.ts';
import { maxOf } from './columns.ts';

export interface MetaColumn {
  name: string;
  sqlName: string;
}

/** Metadata columns (their values live in examples.m_k), in file order. */
export function metaColumns(db: Database): MetaColumn[] {
  return db
    .prepare<[], MetaColumn>(
      "SELECT name, sql_name AS sqlName FROM columns WHERE sql_name GLOB 'm_[0-9]*' ORDER BY ord",
    )
    .all();
}

function correctness(index: AnalysisIndex, pos: number): number | null {
  if (!hasBit(index.inRun, pos)) return null;
  if (index.correctBits) return hasBit(index.correctBits, pos) ? 1 : 0;
  return index.correctVals ? (index.correctVals[pos] as number) : null;
}

/**
 * The table rows of the given positions, in that order: one query for the page's rows (the typed
 * columns of the whole run are not needed, so a first page right after open is fast).
 */
export function rowsAt(
  db: Database,
  index: AnalysisIndex,
  positions: readonly number[],
): ExampleRow[] {
  if (positions.length === 0) return [];
  const meta = metaColumns(db);
  const fromProbs =
    db
      .prepare<[number], number>(
        'SELECT has_confidence = 0 AND classes IS NOT NULL FROM runs WHERE id = ?',
      )
      .pluck()
      .get(index.run.id) === 1;
  const stored = db
    .prepare(
      `SELECT e.pos, e.id, e.input, e.label, p.prediction, ${fromProbs ? 'p.probs' : 'p.confidence'}
              ${meta.map((m) => `, e.${m.sqlName}`).join('')}
         FROM json_each(?) j JOIN examples e ON e.pos = j.value
         LEFT JOIN predictions p ON p.run_id = ? AND p.pos = e.pos`,
    )
    .raw()
    .all(JSON.stringify(positions), index.run.id) as unknown[][];
  const byPos = new Map(stored.map((r) => [r[0] as number, r]));
  const corrected = index.labels === 'corrected' ? correctedLabels(db) : null;
  const tagSlices = index.slices.filter((s) => s.kind === 'tag');
  return positions.map((pos) => {
    const r = byPos.get(pos) as unknown[];
    const original = r[3] as string;
    const label = corrected?.get(pos) ?? original;
    const conf = r[5];
    // Keys are column names (user text): fromEntries defines own properties, so a column named
    // "__proto__" is a key like any other rather than the object's prototype.
    const values: ExampleRow['meta'] = Object.fromEntries(
      meta.map((m, j) => [m.name, r[6 + j] as string | number | null]),
    );
    return {
      pos,
      id: r[1] as string,
      input: r[2] as string | null,
      label,
      originalLabel: original === label ? null : original,
      prediction: r[4] as string | null,
      confidence:
        typeof conf === 'number'
          ? conf
          : conf instanceof Uint8Array && conf.byteLength >= 8
            ? maxOf(conf)
            : null,
      correct: correctness(index, pos),
      tags: tagSlices.filter((s) => hasBit(s.bits, pos)).map((s) => Number(s.id.slice(4))),
      meta: values,
    };
  });
}

/**
 * Run A's prediction and correctness at the given positions (a compare filter's rows show it
 * beside the view's run B): one query for the page.
 */
export function comparedAt(db: Database, other: AnalysisIndex, rows: ExampleRow[]): ExampleRow[] {
  if (rows.length === 0) return rows;
  const stored = db
    .prepare<[string, number], { pos: number; prediction: string | null }>(
      `SELECT j.value AS pos, p.prediction FROM json_each(?) j
         LEFT JOIN predictions p ON p.run_id = ? AND p.pos = j.value`,
    )
    .all(JSON.stringify(rows.map((r) => r.pos)), other.run.id);
  const byPos = new Map(stored.map((r) => [r.pos, r.prediction]));
  return rows.map((r) => ({
    ...r,
    compared: {
      run: other.run.name,
      prediction: byPos.get(r.pos) ?? null,
      correct: correctness(other, r.pos),
    },
  }));
}
