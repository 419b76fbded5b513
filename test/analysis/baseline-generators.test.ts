import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wilson } from '../../electron/core/analysis/intervals.ts';
import { generateLoans, PLANTED, writeLoanFiles } from '../fixtures/loan-generator.ts';
import {
  defaultRates,
  olderSystemPredictions,
  writeOlderSystemRun,
} from '../fixtures/older-system.ts';
import { DATASETS, headroomCli, readSimpleCsv, sha256, tempDir } from '../helpers.ts';

const dir = tempDir('headroom-generators-');

const accuracyOf = (rows: { label: string }[], pred: (i: number) => string) =>
  rows.filter((r, i) => pred(i) === r.label).length / rows.length;

describe('loan generator (issue #15 test data)', () => {
  const rows = generateLoans();

  it('is deterministic: the same seed writes the same bytes, another seed other rows', () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const a = writeLoanFiles(join(dir, `a-${format}`), generateLoans(), format);
      const b = writeLoanFiles(join(dir, `b-${format}`), generateLoans(), format);
      expect(sha256(a.examples)).toBe(sha256(b.examples));
      expect(sha256(a.old)).toBe(sha256(b.old));
      const c = writeLoanFiles(join(dir, `c-${format}`), generateLoans({ seed: 16 }), format);
      expect(sha256(c.examples)).not.toBe(sha256(a.examples));
    }
  });

  it('plants the groups: 18-25 far below 0.85, low income straddling it, south worse in new', () => {
    const group = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f);
    const young = group((r) => r.age_band === '18-25');
    // The quota is exact: round(0.70 · m) right of m, in both runs.
    expect(young.filter((r) => r.prediction === r.label).length).toBe(
      Math.round(PLANTED.young.new * young.length),
    );
    const youngCi = wilson(young.filter((r) => r.prediction === r.label).length, young.length);
    expect(youngCi[1]).toBeLessThan(0.85);
    const low = group((r) => r.income_band === 'low');
    const lowRight = low.filter((r) => r.prediction === r.label).length;
    const lowCi = wilson(lowRight, low.length);
    expect(lowCi[0]).toBeLessThan(0.85);
    expect(lowCi[1]).toBeGreaterThan(0.85);
    const south = group((r) => r.region === 'south');
    const southNew = accuracyOf(south, (i) => (south[i] as (typeof rows)[number]).prediction);
    const southOld = accuracyOf(south, (i) => (south[i] as (typeof rows)[number]).old);
    expect(southOld - southNew).toBeGreaterThan(0.03);
    for (const region of ['north', 'east', 'west', 'central']) {
      const g = group((r) => r.region === region);
      const d =
        accuracyOf(g, (i) => (g[i] as (typeof rows)[number]).old) -
        accuracyOf(g, (i) => (g[i] as (typeof rows)[number]).prediction);
      expect(Math.abs(d), region).toBeLessThan(0.02);
    }
    // Probabilities sit on the predicted side of 0.5.
    for (const r of rows) expect(r.p_approved >= 0.5).toBe(r.prediction === 'approved');
  });

  it.each(['csv', 'jsonl'] as const)(
    'the %s files import with the CLI as runs new and old',
    (format) => {
      const files = writeLoanFiles(join(dir, `cli-${format}`), rows, format);
      const project = join(dir, `loans-${format}.headroom`);
      const first = headroomCli(
        dir,
        'import',
        files.examples,
        '--project',
        project,
        '--run',
        'new',
      );
      expect(first.err).toBe('');
      expect(first.code).toBe(0);
      const second = headroomCli(dir, 'import', files.old, '--project', project, '--run', 'old');
      expect(second.err).toBe('');
      expect(second.code).toBe(0);
      const info = JSON.parse(headroomCli(dir, 'info', project, '--json').out);
      expect(info.examples).toBe(rows.length);
      const runs = new Map<string, { accuracy: number; n: number }>(
        info.runs.map((r: { name: string; accuracy: number; n: number }) => [r.name, r]),
      );
      expect(runs.get('new')?.n).toBe(rows.length);
      expect(runs.get('new')?.accuracy).toBeCloseTo(
        accuracyOf(rows, (i) => rows[i]?.prediction as string),
        12,
      );
      expect(runs.get('old')?.accuracy).toBeCloseTo(
        accuracyOf(rows, (i) => rows[i]?.old as string),
        12,
      );
      expect(info.humans).toEqual([]);
    },
    60_000,
  );
});

describe('older system from a shared dataset (IMDB)', () => {
  const csv = readSimpleCsv(join(DATASETS, 'imdb_test/imdb_test.csv'));
  const rows = csv.map((r) => ({
    id: r.id as string,
    label: r.label as string,
    prediction: r.prediction as string,
  }));

  it('is deterministic and depends on each row’s id only, not on the row order', () => {
    const a = olderSystemPredictions(rows);
    expect(olderSystemPredictions(rows)).toEqual(a);
    const reversed = [...rows].reverse();
    const r = olderSystemPredictions(reversed);
    expect([...r].reverse()).toEqual(a);
    expect(olderSystemPredictions(rows, 7)).not.toEqual(a);
    expect(writeOlderSystemRun(join(dir, 'x1.csv'), rows)).toBe(join(dir, 'x1.csv'));
    writeOlderSystemRun(join(dir, 'x2.csv'), rows);
    expect(sha256(join(dir, 'x1.csv'))).toBe(sha256(join(dir, 'x2.csv')));
  });

  it('flips each class at its own rates (binomial tolerance), so the classes differ', () => {
    const old = olderSystemPredictions(rows);
    const rates = defaultRates(['Negative', 'Positive']);
    for (const [cls, rate] of rates) {
      const idx = rows.map((r, i) => ({ r, i })).filter((x) => x.r.label === cls);
      const right = idx.filter((x) => x.r.prediction === cls);
      const wrong = idx.filter((x) => x.r.prediction !== cls);
      const broken = right.filter((x) => old[x.i] !== cls).length / right.length;
      const fixed = wrong.filter((x) => old[x.i] === cls).length / wrong.length;
      const tol = (p: number, m: number) => 4 * Math.sqrt((p * (1 - p)) / m);
      expect(Math.abs(broken - rate.breakRight), cls).toBeLessThan(
        tol(rate.breakRight, right.length),
      );
      expect(Math.abs(fixed - rate.fixWrong), cls).toBeLessThan(tol(rate.fixWrong, wrong.length));
    }
    expect(rates.get('Negative')).not.toEqual(rates.get('Positive'));
  });

  it('20 Newsgroups (multiclass): a broken prediction is another class, per-class rates hold', () => {
    const news = readSimpleCsv(join(DATASETS, 'news20_test/news20_test.csv')).map((r) => ({
      id: r.id as string,
      label: r.label as string,
      prediction: r.prediction as string,
    }));
    const old = olderSystemPredictions(news);
    expect(olderSystemPredictions(news)).toEqual(old);
    const classes = [...new Set(news.map((r) => r.label))].sort();
    expect(classes.length).toBe(20);
    const rates = defaultRates(classes);
    let broken = 0;
    let expected = 0;
    let variance = 0;
    news.forEach((r, i) => {
      const now = old[i] as string;
      if (r.prediction === r.label) {
        const rate = rates.get(r.label)?.breakRight ?? 0;
        expected += rate;
        variance += rate * (1 - rate);
        if (now !== r.label) {
          broken++;
          expect(classes).toContain(now);
        }
      } else {
        // A wrong prediction stays as it was or becomes the label.
        expect([r.prediction, r.label]).toContain(now);
      }
    });
    expect(Math.abs(broken - expected)).toBeLessThan(4 * Math.sqrt(variance));
  });

  it('imports with headroom import FILE --project P --run old', () => {
    const project = join(dir, 'imdb.headroom');
    const base = headroomCli(
      dir,
      'import',
      join(DATASETS, 'imdb_test/imdb_test.csv'),
      '--project',
      project,
    );
    expect(base.code).toBe(0);
    const file = writeOlderSystemRun(join(dir, 'imdb-old.csv'), rows);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('id,prediction');
    const r = headroomCli(dir, 'import', file, '--project', project, '--run', 'old');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(headroomCli(dir, 'info', project, '--json').out);
    const old = info.runs.find((x: { name: string }) => x.name === 'old');
    const preds = olderSystemPredictions(rows);
    expect(old.n).toBe(rows.length);
    expect(old.accuracy).toBeCloseTo(
      accuracyOf(rows, (i) => preds[i] as string),
      12,
    );
  }, 120_000);
});
