import type { Database } from 'better-sqlite3';
import type { ExampleSort } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { ExampleColumns } from './columns.ts';

/**
 * A total order of all positions for one sort key: `perm[rank] = pos` and `rankOf[pos] = rank`,
 * ties broken by position. Null arrays mean file order (the identity). Because the order is
 * total, "after example p" is a keyset cursor: the next page starts at rankOf[p] + 1.
 */
export interface SortOrder {
  perm: Int32Array | null;
  rankOf: Int32Array | null;
}

function fromPerm(perm: Int32Array): SortOrder {
  const rankOf = new Int32Array(perm.length);
  for (let r = 0; r < perm.length; r++) rankOf[perm[r] as number] = r;
  return { perm, rankOf };
}

/** Stable counting sort by small integer codes (-1 last): O(n). */
function byCode(codes: Int32Array, classes: number): Int32Array {
  const buckets = new Int32Array(classes + 2);
  for (const c of codes) (buckets[c < 0 ? classes + 1 : c + 1] as number)++;
  for (let k = 1; k < buckets.length; k++)
    buckets[k] = (buckets[k] as number) + (buckets[k - 1] as number);
  const perm = new Int32Array(codes.length);
  for (let pos = 0; pos < codes.length; pos++) {
    const c = codes[pos] as number;
    const slot = c < 0 ? classes : c;
    perm[buckets[slot] as number] = pos;
    buckets[slot] = (buckets[slot] as number) + 1;
  }
  return perm;
}

/** Positions by value (NaN last), ties by position. */
function byNumber(values: Float64Array): Int32Array {
  const idx = new Int32Array(values.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => {
    const x = values[a] as number;
    const y = values[b] as number;
    if (x === y) return a - b;
    if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1;
    if (Number.isNaN(y)) return -1;
    return x - y;
  });
}

function bySql(db: Database, sql: string, n: number): Int32Array {
  const perm = new Int32Array(n);
  let r = 0;
  for (const pos of db.prepare(sql).pluck().iterate() as IterableIterator<number>) {
    perm[r++] = pos;
  }
  return perm;
}

function metaSqlName(db: Database, column: string): string {
  const row = db
    .prepare<[string], { sql_name: string | null }>(
      'SELECT sql_name FROM columns WHERE name = ? AND sql_name IS NOT NULL',
    )
    .get(column);
  if (!row?.sql_name || !/^m_\d+$/.test(row.sql_name)) {
    throw new HeadroomError('NOT_FOUND', `No metadata column ${quote(column)} to sort by.`);
  }
  return row.sql_name;
}

/** Label, prediction and confidence orders depend on the run; id and metadata orders do not. */
export function isPerRunSort(key: ExampleSort['key']): boolean {
  return key === 'confidence' || key === 'label' || key === 'prediction';
}

/** The order for a sort key other than file order (the open project keeps it in memory). */
export function buildSortOrder(
  db: Database,
  index: AnalysisIndex,
  columns: () => ExampleColumns,
  key: Exclude<ExampleSort['key'], 'pos'>,
): SortOrder {
  let perm: Int32Array;
  if (key === 'confidence') perm = byNumber(columns().confidence);
  else if (key === 'label') perm = byCode(columns().label, columns().classes.length);
  else if (key === 'prediction') perm = byCode(columns().prediction, columns().classes.length);
  else if (key === 'id') perm = bySql(db, 'SELECT pos FROM examples ORDER BY id', index.n);
  else {
    const col = metaSqlName(db, key.slice('meta:'.length));
    perm = bySql(db, `SELECT pos FROM examples ORDER BY ${col} IS NULL, ${col}, pos`, index.n);
  }
  return fromPerm(perm);
}
