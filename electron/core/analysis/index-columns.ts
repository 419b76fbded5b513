import { setBit as set, wordsFor, type Bits } from './bitset.ts';
import { humanIndex, type IndexColumns } from './analysis-index.ts';
import type { CodedValues } from './slice-defs.ts';
import { sortNumbers } from './sort-numbers.ts';

/**
 * The analysis index's columns gathered while the first import writes its rows, so the index is
 * saved in the import's own transaction without reading a million rows back (buildIndex does
 * that for every other case), and the metadata columns' distinct counts come from the same
 * values. One `add` per written row, in position order; `finish` gives what buildIndex would
 * read from SQLite at that point (test/analysis/index-columns.test.ts holds the two equal on
 * every shared dataset).
 */

/**
 * How a metadata column is gathered: numbers, or text codes. `limit`: past this many distinct
 * values a text column is no longer gathered (it is neither categorical nor counted in memory).
 */
export type GatheredColumn =
  { name: string; type: 'number' } | { name: string; type: 'string'; limit: number };

interface NumberColumn {
  type: 'number';
  values: Float64Array;
}
interface StringColumn {
  type: 'string';
  codes: Int32Array;
  /** Keyed by cell text (user text): a Map. */
  dict: Map<string, number>;
  limit: number;
}

const FIRST_CAPACITY = 1 << 14;
/**
 * The most rows allocated up front on a guess (16.8M: 10M-row files get their arrays at once).
 * A file whose first rows are short and later ones long can make the guess far too high; past
 * this the arrays grow by doubling as rows come, as without a guess.
 */
export const MAX_GUESSED_CAPACITY = 1 << 24;

function grownF64(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}

function grownI32(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

function grownBits(a: Bits, capacity: number): Bits {
  const b = new Uint32Array(wordsFor(capacity));
  b.set(a);
  return b;
}

/** The first n codes and their dictionary in code order, as the slices read them. */
function coded(codes: Int32Array, dict: Map<string, number>, n: number): CodedValues {
  const byCode: string[] = new Array<string>(dict.size);
  for (const [v, code] of dict) byCode[code] = v;
  return { codes: codes.subarray(0, n), byCode };
}

function code(dict: Map<string, number>, v: string): number {
  let c = dict.get(v);
  if (c === undefined) {
    c = dict.size;
    dict.set(v, c);
  }
  return c;
}

export class IndexColumnsBuilder {
  private n = 0;
  private capacity: number;
  private readonly run: { id: number; name: string } | null;
  private readonly graded: boolean;
  private labelCodes: Int32Array;
  private readonly labelDict = new Map<string, number>();
  /** Numeric column k's values as distinctCount sorted them (finish passes them on). */
  private readonly sorted = new Map<number, Float64Array>();
  private inRun: Bits;
  private correctBits: Bits | null;
  private correctVals: Float64Array | null;
  /** Null once a text column has too many distinct values to gather. */
  private readonly columns: (NumberColumn | StringColumn | null)[];
  private readonly names: string[];
  private readonly humanSet: { setId: number; source: string } | null;
  private humanHas: Bits = new Uint32Array(0);
  private humanValues: Float64Array = new Float64Array(0);
  private humanBinary = true;

  /**
   * `run`: null when the file has no predictions (then only distinct counts are asked for).
   * `expectedRows`: how many rows the file is thought to hold (from its size and the bytes of
   * its first rows), so the arrays are allocated once instead of doubled as rows come: doubling
   * 10M rows' columns cost 4.4 s of a 72 s import, every step copying and faulting in fresh
   * memory. A guess too high costs address space, not memory (pages never written are never
   * touched); too low, the arrays grow as before.
   */
  constructor(options: {
    run: { id: number; name: string; graded: boolean } | null;
    meta: readonly GatheredColumn[];
    human: { setId: number; source: string } | null;
    expectedRows?: number;
  }) {
    const guess = Math.min(MAX_GUESSED_CAPACITY, Math.ceil(options.expectedRows ?? 0));
    const capacity = Math.max(FIRST_CAPACITY, Number.isFinite(guess) ? guess : 0);
    this.capacity = capacity;
    this.labelCodes = new Int32Array(capacity);
    this.inRun = new Uint32Array(wordsFor(capacity));
    const run = options.run;
    this.run = run ? { id: run.id, name: run.name } : null;
    this.graded = run?.graded === true;
    this.correctBits = this.graded ? null : new Uint32Array(wordsFor(capacity));
    this.correctVals = this.graded ? new Float64Array(capacity) : null;
    this.names = options.meta.map((m) => m.name);
    this.columns = options.meta.map((m) =>
      m.type === 'number'
        ? { type: 'number', values: new Float64Array(capacity) }
        : {
            type: 'string',
            codes: new Int32Array(capacity),
            dict: new Map(),
            limit: m.limit,
          },
    );
    this.humanSet = options.human;
    if (this.humanSet) {
      this.humanHas = new Uint32Array(wordsFor(capacity));
      this.humanValues = new Float64Array(capacity);
    }
  }

  private grow(): void {
    const c = this.capacity * 2;
    this.labelCodes = grownI32(this.labelCodes, c);
    this.inRun = grownBits(this.inRun, c);
    if (this.correctBits) this.correctBits = grownBits(this.correctBits, c);
    if (this.correctVals) this.correctVals = grownF64(this.correctVals, c);
    for (const col of this.columns) {
      if (col?.type === 'number') col.values = grownF64(col.values, c);
      else if (col) col.codes = grownI32(col.codes, c);
    }
    if (this.humanSet) {
      this.humanHas = grownBits(this.humanHas, c);
      this.humanValues = grownF64(this.humanValues, c);
    }
    this.capacity = c;
  }

  /**
   * The next position's row as written: its label, the run's prediction and score (null: no
   * prediction row), its metadata values (column k at `meta[offset + k]`: a number, text or null)
   * and its human agreement (null: none).
   */
  add(
    label: string,
    out: { prediction: string | null; score: number | null } | null,
    meta: readonly unknown[],
    offset: number,
    humanAgree: number | null,
  ): void {
    if (this.n === this.capacity) this.grow();
    const pos = this.n++;
    this.labelCodes[pos] = code(this.labelDict, label);
    if (out) {
      set(this.inRun, pos);
      if (this.correctBits) {
        if (out.prediction === label) set(this.correctBits, pos);
      } else if (this.correctVals) {
        const s = out.score;
        this.correctVals[pos] =
          s === null ? (out.prediction === label ? 1 : 0) : Math.min(1, Math.max(0, s));
      }
    }
    for (let k = 0; k < this.columns.length; k++) {
      const col = this.columns[k];
      if (!col) continue;
      const v = meta[offset + k];
      if (col.type === 'number') {
        col.values[pos] = v === null ? Number.NaN : (v as number); // NaN: empty
      } else if (v === null) col.codes[pos] = -1;
      else {
        col.codes[pos] = code(col.dict, v as string);
        if (col.dict.size > col.limit) this.columns[k] = null; // too many: no longer gathered
      }
    }
    if (this.humanSet && humanAgree !== null) {
      set(this.humanHas, pos);
      this.humanValues[pos] = humanAgree;
      if (humanAgree !== 0 && humanAgree !== 1) this.humanBinary = false;
    }
  }

  /**
   * Distinct non-empty values of metadata column k so far (numbers compare as numbers, as SQL's
   * COUNT(DISTINCT) does), or null when the column had too many to gather.
   */
  distinctCount(k: number): number | null {
    const col = this.columns[k];
    if (!col) return null;
    if (col.type === 'string') return col.dict.size;
    const sorted = sortNumbers(col.values.slice(0, this.n)); // NaN (empty) sorts last
    this.sorted.set(k, sorted); // the numeric slices' quantiles need them sorted too
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i] as number;
      if (Number.isNaN(v)) break;
      if (i === 0 || v !== sorted[i - 1]) distinct++;
    }
    return distinct;
  }

  /**
   * The columns for the index, once the metadata columns' kinds are known: `sliced[k]` says
   * whether column k is sliced (categorical or numeric); a sliced column must have been gathered.
   * The columns are views of the gathered arrays (no copies): called once, after the last add.
   */
  finish(sliced: readonly boolean[]): IndexColumns {
    if (!this.run) throw new Error('no run: an index needs predictions');
    const n = this.n;
    const words = wordsFor(n);
    const meta: IndexColumns['meta'] = [];
    sliced.forEach((yes, k) => {
      if (!yes) return;
      const col = this.columns[k];
      if (!col) throw new Error(`metadata column ${this.names[k]} was not gathered for the index`);
      const sorted = this.sorted.get(k);
      meta.push({
        name: this.names[k] as string,
        values: col.type === 'number' ? col.values.subarray(0, n) : coded(col.codes, col.dict, n),
        ...(col.type === 'number' && sorted?.length === n ? { sorted } : {}),
      });
    });
    const human = this.humanSet
      ? humanIndex(
          this.humanSet,
          n,
          this.humanHas.subarray(0, words),
          this.humanValues.subarray(0, n),
          this.humanBinary,
        )
      : null;
    return {
      n,
      run: this.run,
      labelSet: 'original',
      labels: coded(this.labelCodes, this.labelDict, n),
      inRun: this.inRun.subarray(0, words),
      correctBits: this.correctBits ? this.correctBits.subarray(0, words) : null,
      correctVals: this.correctVals ? this.correctVals.subarray(0, n) : null,
      meta,
      human,
    };
  }
}
