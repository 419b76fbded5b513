import type { Database } from 'better-sqlite3';
import type { ExampleRow } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { hasBit } from '../analysis/bitset.ts';
import type { ExampleColumns } from './columns.ts';

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

/** The table rows of the given positions, in that order: labels from memory, the rest from SQL. */
export function rowsAt(
  db: Database,
  index: AnalysisIndex,
  cols: ExampleColumns,
  positions: readonly number[],
): ExampleRow[] {
  if (positions.length === 0) return [];
  const meta = metaColumns(db);
  const stored = db
    .prepare(
      `SELECT e.pos, e.id, e.input, e.label${meta.map((m) => `, e.${m.sqlName}`).join('')}
         FROM json_each(?) j JOIN examples e ON e.pos = j.value`,
    )
    .raw()
    .all(JSON.stringify(positions)) as unknown[][];
  const byPos = new Map(stored.map((r) => [r[0] as number, r]));
  const tagSlices = index.slices.filter((s) => s.kind === 'tag');
  return positions.map((pos) => {
    const r = byPos.get(pos) as unknown[];
    const label = cols.classes[cols.label[pos] as number] as string;
    const original = r[3] as string;
    const pred = cols.prediction[pos] as number;
    const conf = cols.confidence[pos] as number;
    const values: ExampleRow['meta'] = {};
    meta.forEach((m, j) => (values[m.name] = r[4 + j] as string | number | null));
    return {
      pos,
      id: r[1] as string,
      input: r[2] as string | null,
      label,
      originalLabel: original === label ? null : original,
      prediction: pred >= 0 ? (cols.classes[pred] as string) : null,
      confidence: Number.isNaN(conf) ? null : conf,
      correct: correctness(index, pos),
      tags: tagSlices.filter((s) => hasBit(s.bits, pos)).map((s) => Number(s.id.slice(4))),
      meta: values,
    };
  });
}
