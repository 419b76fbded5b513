import type { ExampleFilter } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { emptyBits, type Bits } from '../analysis/bitset.ts';
import { positionsWhere } from '../analysis/rules-store.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { OpenProject } from '../project/open-project.ts';
import type { ExampleColumns } from './columns.ts';

/** Every position 0..n-1. */
function allBits(n: number): Bits {
  const b = emptyBits(n).fill(0xffffffff);
  const tail = n & 31;
  if (tail !== 0) b[b.length - 1] = (1 << tail) - 1;
  return b;
}

function andInPlace(a: Bits, b: Bits): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) & (b[i] as number);
}

function andNotInPlace(a: Bits, b: Bits): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) & ~(b[i] as number);
}

/** Keeps the positions for which `keep` is true. */
function keepWhere(a: Bits, keep: (pos: number) => boolean): void {
  for (let w = 0; w < a.length; w++) {
    let x = a[w] as number;
    if (x === 0) continue;
    let out = x;
    while (x !== 0) {
      const t = x & -x;
      const i = (w << 5) + (31 - Math.clz32(t));
      if (!keep(i)) out &= ~t;
      x ^= t;
    }
    a[w] = out;
  }
}

/** The examples a run gets right (graded runs: a score of 1). */
function rightBits(index: AnalysisIndex): Bits {
  if (index.correctBits) return index.correctBits;
  const bits = allBits(index.n);
  andInPlace(bits, index.inRun);
  const v = index.correctVals;
  keepWhere(bits, (i) => v !== null && v[i] === 1);
  return bits;
}

function classCode(cols: ExampleColumns, name: string): number {
  const k = cols.classes.indexOf(name);
  return k; // -1 matches nothing
}

/**
 * The examples a filter selects, as bits. Bitset slices are combined word by word; label,
 * prediction and confidence tests read the typed columns; rule and text filters go to SQLite
 * once per data version.
 */
export function filterBits(
  p: OpenProject,
  index: AnalysisIndex,
  columns: () => ExampleColumns,
  f: ExampleFilter,
): Bits {
  const n = index.n;
  const bits = allBits(n);
  if (f.outcome) {
    andInPlace(bits, index.inRun);
    if (index.correctBits) {
      if (f.outcome === 'errors') andNotInPlace(bits, index.correctBits);
      else andInPlace(bits, index.correctBits);
    } else if (index.correctVals) {
      const v = index.correctVals;
      keepWhere(bits, f.outcome === 'errors' ? (i) => (v[i] as number) < 1 : (i) => v[i] === 1);
    }
  }
  if (f.given !== undefined) {
    const cols = columns();
    const k = classCode(cols, f.given);
    keepWhere(bits, (i) => cols.label[i] === k);
  }
  if (f.predicted !== undefined) {
    const cols = columns();
    const k = classCode(cols, f.predicted);
    keepWhere(bits, (i) => cols.prediction[i] === k);
  }
  if (f.slice !== undefined) {
    const def =
      index.slices.find((s) => s.id === f.slice) ?? index.slices.find((s) => s.name === f.slice);
    if (!def) throw new HeadroomError('NOT_FOUND', `No slice ${quote(f.slice)}.`);
    if (f.notInSlice) andNotInPlace(bits, def.bits);
    else andInPlace(bits, def.bits);
  }
  for (const id of f.alsoIn ?? []) {
    const def = index.slices.find((s) => s.id === id);
    if (!def) throw new HeadroomError('NOT_FOUND', `No slice ${quote(id)}.`);
    andInPlace(bits, def.bits);
  }
  if (f.untagged) {
    for (const s of index.slices) if (s.kind === 'tag') andNotInPlace(bits, s.bits);
  }
  if (f.minConfidence !== undefined || f.maxConfidence !== undefined) {
    const lo = f.minConfidence ?? 0;
    const hi = f.maxConfidence ?? 1;
    const c = columns().confidence;
    keepWhere(bits, (i) => (c[i] as number) >= lo && (c[i] as number) <= hi);
  }
  if (f.rule !== undefined) {
    const rule = f.rule;
    andInPlace(
      bits,
      p.sqlBits(`rule|${index.run.id}|${rule}`, n, () => positionsWhere(p.db, rule, index.run.id)),
    );
  }
  if (f.compare !== undefined) {
    const other = p.index(f.compare.run, index.labels);
    const rightA = rightBits(other);
    const rightB = rightBits(index);
    andInPlace(bits, other.inRun);
    andInPlace(bits, index.inRun);
    if (f.compare.only === 'a-right-b-wrong') {
      andInPlace(bits, rightA);
      andNotInPlace(bits, rightB);
    } else {
      andInPlace(bits, rightB);
      andNotInPlace(bits, rightA);
    }
  }
  if (f.text !== undefined) {
    const needle = f.text.toLowerCase();
    andInPlace(
      bits,
      p.sqlBits(`text|${needle}`, n, () =>
        p.db
          .prepare<[string, string], number>(
            'SELECT pos FROM examples WHERE instr(lower(input), ?) > 0 OR instr(lower(id), ?) > 0',
          )
          .pluck()
          .iterate(needle, needle),
      ),
    );
  }
  return bits;
}
