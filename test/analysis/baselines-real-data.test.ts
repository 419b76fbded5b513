import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, type AnalysisIndex } from '../../electron/core/analysis/analysis-index.ts';
import {
  averagePrecisionOver,
  scoreOrder,
} from '../../electron/core/analysis/average-precision.ts';
import {
  chooseReference,
  majorityBaseline,
  orderBaselines,
  pairedTable,
  referenceFigures,
  runBaseline,
} from '../../electron/core/analysis/baselines.ts';
import { andBits, count, countAnd, type Bits } from '../../electron/core/analysis/bitset.ts';
import { loadPositiveScores, loadVoteShares } from '../../electron/core/analysis/class-data.ts';
import { wilson } from '../../electron/core/analysis/intervals.ts';
import {
  classCode,
  codeBits,
  humanPrecision,
  humanPrecisionSums,
  metricPopulation,
  parseMetric,
  thresholdPredictions,
} from '../../electron/core/analysis/metric.ts';
import {
  parseRequirement,
  parseRequirementScope,
  requirementStatus,
  scopeCovers,
} from '../../electron/core/analysis/requirements.ts';
import type { Database as Db } from 'better-sqlite3';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { buildColumns, type ExampleColumns } from '../../electron/core/examples/columns.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { generateLoans, writeLoanFiles } from '../fixtures/loan-generator.ts';
import { DATASETS, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * The pure modules of issue #15 over the engine's own index of real projects, each figure
 * compared with a computation made here straight from the dataset's rows (analysis.md 8).
 */
const dir = tempDir('headroom-baselines-real-');

interface Opened {
  db: Db;
  index: AnalysisIndex;
  cols: ExampleColumns;
}

async function openProject(file: string, name: string): Promise<Opened> {
  const project = join(dir, `${name}.headroom`);
  await runImport({ project, file });
  const db = openProjectDb(project);
  const index = buildIndex(db);
  return { db, index, cols: buildColumns(db, index) };
}

/** Positions 0..n-1 of the CSV rows (the first import's row order is the position). */
const sliceOf = (index: AnalysisIndex, name: string): Bits => {
  const s = index.slices.find((x) => x.name === name);
  if (!s) throw new Error(`no slice ${name}`);
  return s.bits;
};

describe('CIFAR-10: recall:C, precision:C and the humans’ figures from the votes', () => {
  const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
  const classes = [...new Set(csv.map((r) => r.label as string))].sort();
  let p: Opened;
  beforeAll(async () => {
    p = await openProject(join(DATASETS, 'cifar10_test/cifar10_test.csv'), 'c10');
  }, 120_000);
  afterAll(() => p && closeProjectDb(p.db));
  const votesOf = (r: Record<string, string>) => classes.map((c) => Number(r[`human_votes_${c}`]));

  it('per class: n, correct, Wilson interval, humans’ recall and precision, no-skill', () => {
    expect(classes.length).toBe(10);
    const animal = sliceOf(p.index, 'class_group = animal');
    for (const cls of classes) {
      const k = classes.indexOf(cls);
      // Straight from the CSV.
      const labelled = csv.filter((r) => r.label === cls);
      const predicted = csv.filter((r) => r.prediction === cls);
      const tp = labelled.filter((r) => r.prediction === cls).length;
      const share = (r: Record<string, string>) => {
        const v = votesOf(r);
        return (v[k] as number) / v.reduce((a, b) => a + b, 0);
      };
      const humanRecall = labelled.reduce((a, r) => a + share(r), 0) / labelled.length;
      const humanAgree = labelled.reduce((a, r) => a + Number(r.human_agree), 0) / labelled.length;
      const called = csv.reduce((a, r) => a + share(r), 0);
      const calledRight = labelled.reduce((a, r) => a + share(r), 0);

      const recall = metricPopulation(
        parseMetric(`recall:${cls}`, p.cols.classes),
        p.cols,
        p.index.inRun,
      );
      const precision = metricPopulation(
        parseMetric(`precision:${cls}`, p.cols.classes),
        p.cols,
        p.index.inRun,
      );
      expect([cls, count(recall.population), count(recall.correct)]).toEqual([
        cls,
        labelled.length,
        tp,
      ]);
      expect([cls, count(precision.population), count(precision.correct)]).toEqual([
        cls,
        predicted.length,
        tp,
      ]);
      expect(wilson(count(recall.correct), count(recall.population))).toEqual(
        wilson(tp, labelled.length),
      );

      // Humans' recall of C: the mean agreement over the examples labelled C. The engine keeps
      // the file's human_agree (4 decimals), so it equals that column's mean and the votes' to 5e-5.
      const h = p.index.human;
      expect(h).not.toBeNull();
      let sum = 0;
      let m = 0;
      for (let i = 0; i < p.index.n; i++) {
        if (
          p.cols.label[i] === classCode(p.cols.classes, cls) &&
          h?.has &&
          (h.has[i >>> 5] as number) & (1 << (i & 31))
        ) {
          sum += h.values[i] as number;
          m++;
        }
      }
      expect(m).toBe(labelled.length);
      expect(sum / m).toBeCloseTo(humanAgree, 12);
      expect(Math.abs(sum / m - humanRecall)).toBeLessThan(5e-5);

      // Humans' precision of C from the stored votes: Σ v(C)·[label=C] / Σ v(C).
      const shares = loadVoteShares(p.db, p.index.n, cls);
      expect(shares).not.toBeNull();
      const labelledBits = codeBits(p.cols.label, classCode(p.cols.classes, cls), p.index.inRun);
      const all = p.index.inRun;
      const hp = humanPrecision(humanPrecisionSums(all, all, shares as Float64Array, labelledBits));
      expect(hp?.value).toBeCloseTo(calledRight / called, 12);
      expect(hp?.n).toBe(csv.filter((r) => share(r) > 0).length);
      expect(hp?.ci[0]).toBeLessThan(hp?.value as number);

      // No-skill floors on the animal slice: recall = share predicted C, precision = share labelled C.
      const animalRows = csv.filter((r) => r.class_group === 'animal');
      const predictedBits = codeBits(
        p.cols.prediction,
        classCode(p.cols.classes, cls),
        p.index.inRun,
      );
      const q = majorityBaseline(countAnd(animal, predictedBits), countAnd(animal, p.index.inRun));
      expect(q?.value).toBeCloseTo(
        animalRows.filter((r) => r.prediction === cls).length / animalRows.length,
        12,
      );
      const pi = majorityBaseline(countAnd(animal, labelledBits), countAnd(animal, p.index.inRun));
      expect(pi?.value).toBeCloseTo(
        animalRows.filter((r) => r.label === cls).length / animalRows.length,
        12,
      );
    }
  });

  it('a threshold on p(cat) re-derives predictions like the CSV probabilities say', () => {
    const scores = loadPositiveScores(p.db, p.index.run.id, p.index.n, p.cols.classes, 'cat');
    const catCode = classCode(scores.classes, 'cat');
    for (const t of [0.1, 0.3, 0.6, 0.9]) {
      const { prediction, unscored } = thresholdPredictions(p.cols.prediction, catCode, scores, t);
      expect(unscored).toBe(0);
      const derived = csv.map((r) => {
        if (Number(r.p_cat) >= t) return 'cat';
        if (r.prediction !== 'cat') return r.prediction as string;
        let best = '';
        let bestP = -1;
        for (const c of classes)
          if (c !== 'cat' && Number(r[`p_${c}`]) > bestP) [best, bestP] = [c, Number(r[`p_${c}`])];
        return best;
      });
      const cols = { ...p.cols, classes: scores.classes, prediction };
      const recall = metricPopulation({ kind: 'recall', cls: 'cat' }, cols, p.index.inRun);
      const precision = metricPopulation({ kind: 'precision', cls: 'cat' }, cols, p.index.inRun);
      const tp = csv.filter((r, i) => r.label === 'cat' && derived[i] === 'cat').length;
      expect([t, count(recall.correct), count(precision.population)]).toEqual([
        t,
        tp,
        derived.filter((d) => d === 'cat').length,
      ]);
      const acc = metricPopulation({ kind: 'accuracy' }, cols, p.index.inRun);
      expect(count(acc.correct)).toBe(csv.filter((r, i) => r.label === derived[i]).length);
      for (let i = 0; i < csv.length; i += 37) {
        expect(scores.classes[prediction[i] as number]).toBe(derived[i]);
      }
    }
  });
});

describe('IMDB: average precision per slice from p(Positive)', () => {
  it('equals the step-wise definition computed from the CSV, per slice (sentiment strength, rating), to 1e-12', async () => {
    const csv = readSimpleCsv(join(DATASETS, 'imdb_test/imdb_test.csv'));
    const p = await openProject(join(DATASETS, 'imdb_test/imdb_test.csv'), 'imdb');
    try {
      const scores = loadPositiveScores(
        p.db,
        p.index.run.id,
        p.index.n,
        p.cols.classes,
        'Positive',
      );
      const positive = codeBits(p.cols.label, classCode(p.cols.classes, 'Positive'), p.index.inRun);
      const order = scoreOrder(scores.p);
      const direct = (rows: Record<string, string>[]) => {
        const s = rows.map((r) => Number(r.p_Positive));
        const y = rows.map((r) => r.label === 'Positive');
        const total = y.filter(Boolean).length;
        let ap = 0;
        let prev = 0;
        for (const t of [...new Set(s)].sort((a, b) => b - a)) {
          let tp = 0;
          let fp = 0;
          s.forEach((v, i) => {
            if (v >= t) {
              if (y[i]) tp++;
              else fp++;
            }
          });
          ap += (tp / total - prev) * (tp / (tp + fp));
          prev = tp / total;
        }
        return ap;
      };
      // The labels follow the ratings (1-4 Negative, 7-10 Positive), so a rating slice has one
      // class only (AP 1 or none); sentiment_strength mixes both classes: the real test.
      const slices = [
        ...['mild', 'strong'].map((v) => ({ column: 'sentiment_strength', value: v })),
        ...[...new Set(csv.map((r) => r.rating as string))].map((v) => ({
          column: 'rating',
          value: v,
        })),
      ];
      let mixed = 0;
      for (const { column, value } of slices) {
        const rows = csv.filter((r) => r[column] === value);
        const slice = p.index.slices.find((s) => s.name === `${column} = ${value}`);
        expect(slice, value).toBeDefined();
        const got = averagePrecisionOver(order, scores.p, positive, slice?.bits ?? null);
        const positives = rows.filter((r) => r.label === 'Positive').length;
        if (positives === 0) {
          expect(got).toBeNull();
          continue;
        }
        expect(Math.abs((got as number) - direct(rows)), value).toBeLessThan(1e-12);
        if (positives < rows.length) {
          mixed++;
          expect(got).toBeLessThan(1);
        } else expect(got).toBe(1);
      }
      expect(mixed).toBe(2);
    } finally {
      closeProjectDb(p.db);
    }
  }, 180_000);
});

describe('loans (no humans): run:old as the reference, and requirements', () => {
  const rows = generateLoans();
  let newRun: Opened;
  let oldIndex: AnalysisIndex;
  beforeAll(async () => {
    const files = writeLoanFiles(join(dir, 'loans'), rows);
    const project = join(dir, 'loans.headroom');
    await runImport({ project, file: files.examples, name: 'new' });
    await runImport({ project, file: files.old, kind: 'run', name: 'old' });
    const db = openProjectDb(project);
    const index = buildIndex(db, 'new');
    newRun = { db, index, cols: buildColumns(db, index) };
    oldIndex = buildIndex(db, 'old');
  }, 120_000);
  afterAll(() => newRun && closeProjectDb(newRun.db));

  const COLUMNS = ['region', 'age_band', 'income_band', 'employment'] as const;

  it('ranks the slices by max(old − new, 0) × share, as computed from the rows', () => {
    const { index } = newRun;
    expect(index.human).toBeNull();
    const paired = andBits(index.inRun, oldIndex.inRun);
    const rightNew = andBits(paired, index.correctBits as Bits);
    const rightOld = andBits(paired, oldIndex.correctBits as Bits);
    const rightBoth = andBits(rightNew, rightOld);
    const N = count(index.inRun);
    const engine = index.slices
      .filter((s) => s.kind === 'metadata')
      .map((s) => {
        const base = runBaseline('old', pairedTable(s.bits, paired, rightNew, rightOld, rightBoth));
        const list = orderBaselines({ hlp: null, runs: [base], target: null, majority: null });
        const n = countAnd(s.bits, index.inRun);
        const ref = chooseReference(list, 'run:old');
        return { name: s.name, n, ...referenceFigures(ref, n, n / N, { ease: 1, importance: 1 }) };
      })
      .sort((a, b) => (b.priority ?? -1) - (a.priority ?? -1) || (a.name < b.name ? -1 : 1));
    const independent = COLUMNS.flatMap((c) =>
      [...new Set(rows.map((r) => r[c]))].map((v) => {
        const g = rows.filter((r) => r[c] === v);
        const gap =
          (g.filter((r) => r.old === r.label).length -
            g.filter((r) => r.prediction === r.label).length) /
          g.length;
        return { name: `${c} = ${v}`, gap, gain: Math.max(gap, 0) * (g.length / rows.length) };
      }),
    ).sort((a, b) => b.gain - a.gain || (a.name < b.name ? -1 : 1));
    expect(engine.map((e) => e.name)).toEqual(independent.map((x) => x.name));
    engine.forEach((e, i) => {
      const x = independent[i] as (typeof independent)[number];
      expect(e.reference_source).toBe('run:old');
      expect(e.gap).toBeCloseTo(x.gap, 12);
      expect(e.priority).toBeCloseTo(x.gain, 12);
      expect(e.gap_ci?.[0]).toBeLessThanOrEqual(e.gap as number);
      expect(e.gap_ci?.[1]).toBeGreaterThanOrEqual(e.gap as number);
    });
    // The planted regression leads, its interval wholly above 0.
    expect(engine[0]?.name).toBe('region = south');
    expect(engine[0]?.gap_ci?.[0]).toBeGreaterThan(0);
    // Under hlp there is no reference at all on this project.
    expect(chooseReference([], 'hlp')).toBeNull();
  });

  it('">= 0.85" on every group: 18-25 fails, low income is at risk, the rest are ok', () => {
    const req = parseRequirement('>= 0.85');
    const scopes = COLUMNS.map((c) => parseRequirementScope(`${c}=*`));
    const { index } = newRun;
    const acc = metricPopulation({ kind: 'accuracy' }, newRun.cols, index.inRun);
    const statuses = new Map<string, string | null>();
    for (const s of index.slices) {
      if (!scopes.some((sc) => scopeCovers(sc, s.id))) continue;
      const n = countAnd(s.bits, acc.population);
      statuses.set(s.name, requirementStatus(req, wilson(countAnd(s.bits, acc.correct), n), null));
    }
    // From the rows: the interval of each group, read against 0.85.
    const expected = new Map<string, string>();
    for (const c of COLUMNS) {
      for (const v of new Set(rows.map((r) => r[c]))) {
        const g = rows.filter((r) => r[c] === v);
        const [lo, hi] = wilson(g.filter((r) => r.prediction === r.label).length, g.length);
        expected.set(`${c} = ${v}`, lo >= 0.85 ? 'ok' : hi < 0.85 ? 'fails' : 'at_risk');
      }
    }
    expect(statuses).toEqual(expected);
    expect([...statuses].filter(([, s]) => s === 'fails').map(([k]) => k)).toEqual([
      'age_band = 18-25',
    ]);
    expect([...statuses].filter(([, s]) => s === 'at_risk').map(([k]) => k)).toEqual([
      'income_band = low',
    ]);
    expect([...statuses.values()].filter((s) => s === 'ok').length).toBe(statuses.size - 2);
    // Relative to overall: the overall's point value minus 0.02 is the bound.
    const overall = count(acc.correct) / count(acc.population);
    const rel = parseRequirement('>= overall - 0.02');
    const young = sliceOf(index, 'age_band = 18-25');
    const youngCi = wilson(countAnd(young, acc.correct), countAnd(young, acc.population));
    expect(requirementStatus(rel, youngCi, overall)).toBe('fails');
  });
});
