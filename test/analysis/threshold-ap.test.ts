import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { averagePrecision } from '../../electron/core/analysis/average-precision.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import type { Report, SliceFigures } from '../../shared/report.ts';
import { DATASETS, headroomCli, readSimpleCsv, rng, tempDir } from '../helpers.ts';

/**
 * Issue #15, the decision threshold and average precision (analysis.md 8.1) on IMDB (binary,
 * p_Positive) through the real CLI: every figure at --threshold T and every slice's `ap` equal a
 * computation straight from the CSV, written here apart from the engine.
 */
const dir = tempDir('headroom-threshold-');
const project = join(dir, 'imdb.headroom');
const CSV = join(DATASETS, 'imdb_test', 'imdb_test.csv');
const rows = readSimpleCsv(CSV).map((r) => ({
  label: r.label as string,
  p: Number(r.p_Positive),
  rating: r.rating as string,
  sentiment_strength: r.sentiment_strength as string,
  file_shared_with_other_row: r.file_shared_with_other_row as string,
}));
type Row = (typeof rows)[number];
const METADATA = ['rating', 'sentiment_strength', 'file_shared_with_other_row'] as const;

/** The rows of a slice as the report names it ("rating = 4", "label = Positive", overall). */
function rowsOf(s: SliceFigures): Row[] | null {
  if (s.id === 'overall') return rows;
  const m = /^(\w+) = (.+)$/.exec(s.name);
  if (!m) return null;
  if (m[1] === 'label') return rows.filter((r) => r.label === m[2]);
  const col = METADATA.find((c) => c === m[1]);
  return col ? rows.filter((r) => r[col] === m[2]) : null;
}

/** Step-wise AP straight from its definition: distinct scores descending, ties as one step. */
function directAp(scores: number[], positive: boolean[]): number | null {
  const total = positive.filter(Boolean).length;
  if (total === 0) return null;
  const idx = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let ap = 0;
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  for (let k = 0; k < idx.length;) {
    const t = scores[idx[k] as number];
    while (k < idx.length && scores[idx[k] as number] === t) {
      if (positive[idx[k] as number]) tp++;
      seen++;
      k++;
    }
    ap += (tp / total - prevRecall) * (tp / seen);
    prevRecall = tp / total;
  }
  return ap;
}

function report(...args: string[]): Report {
  const r = headroomCli(dir, 'report', project, '--format', 'json', ...args);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Report;
}

const close = (got: number | null | undefined, want: number | null) => {
  if (want === null) expect(got).toBeNull();
  else expect(Math.abs((got as number) - want)).toBeLessThan(1e-12);
};

beforeAll(() => {
  const r = headroomCli(dir, 'import', CSV, '--project', project);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
}, 120_000);

describe('report --positive Positive --threshold T on IMDB', () => {
  for (const t of [0.3, 0.7]) {
    it(`accuracy, recall, precision and AP per slice at T = ${t} equal the CSV's`, () => {
      const predicted = (r: Row) => (r.p >= t ? 'Positive' : 'Negative');
      const metrics = {
        accuracy: (mine: Row[]) => mine,
        'recall:Positive': (mine: Row[]) => mine.filter((r) => r.label === 'Positive'),
        'precision:Positive': (mine: Row[]) => mine.filter((r) => predicted(r) === 'Positive'),
      };
      for (const [metric, population] of Object.entries(metrics)) {
        const rep = report('--positive', 'Positive', '--threshold', String(t), '--metric', metric);
        expect([rep.threshold, rep.positive, rep.metric]).toEqual([t, 'Positive', metric]);
        const all = population(rows).length;
        let checked = 0;
        for (const s of [rep.overall, ...rep.slices]) {
          const mine = rowsOf(s);
          if (!mine) continue;
          const pop = population(mine);
          const right = pop.filter((r) => predicted(r) === r.label).length;
          expect([s.name, s.n]).toEqual([s.name, pop.length]);
          close(s.accuracy, pop.length ? right / pop.length : null);
          close(s.share, pop.length / all);
          close(
            s.ap,
            directAp(
              mine.map((r) => r.p),
              mine.map((r) => r.label === 'Positive'),
            ),
          );
          checked++;
        }
        // all examples, 2 labels, 8 ratings, 2 strengths, and the shared-file flag's slices.
        expect(checked).toBeGreaterThanOrEqual(13);
      }
    });
  }

  it('the gap and ranking follow the threshold (target 95% for all slices)', () => {
    const r = headroomCli(dir, 'target', 'set', project, 'all', '0.95', '--source', 'test');
    expect(r.code).toBe(0);
    try {
      for (const t of [0.3, 0.7]) {
        const rep = report('--positive', 'Positive', '--threshold', String(t));
        let prev = Infinity;
        for (const s of rep.slices) {
          const mine = rowsOf(s);
          if (mine) {
            const right = mine.filter((x) => (x.p >= t ? 'Positive' : 'Negative') === x.label);
            close(s.gap, 0.95 - right.length / mine.length);
            close(s.potential_gain, Math.max(0, 0.95 - right.length / mine.length) * s.share);
          }
          expect(s.priority ?? -1).toBeLessThanOrEqual(prev);
          prev = s.priority ?? -1;
        }
      }
      // The two thresholds rank the slices differently (mild reviews suffer at a low threshold).
      const order = (t: string) =>
        report('--positive', 'Positive', '--threshold', t)
          .slices.map((s) => s.id)
          .join('|');
      expect(order('0.3')).not.toBe(order('0.7'));
    } finally {
      expect(headroomCli(dir, 'target', 'clear', project, 'all').code).toBe(0);
    }
  });

  it('--positive alone adds AP and keeps the file’s predictions', () => {
    const plain = report();
    const rep = report('--positive', 'Positive');
    expect(rep.threshold).toBeUndefined();
    expect(plain.positive).toBeUndefined();
    expect(plain.overall.ap).toBeUndefined();
    expect(rep.overall.accuracy).toBe(plain.overall.accuracy);
    close(
      rep.overall.ap,
      directAp(
        rows.map((r) => r.p),
        rows.map((r) => r.label === 'Positive'),
      ),
    );
  });

  it('the table, Markdown and CSV get an AP column only with --positive', () => {
    for (const format of ['table', 'md', 'csv']) {
      const plain = headroomCli(dir, 'report', project, '--format', format);
      const withAp = headroomCli(
        dir,
        'report',
        project,
        '--format',
        format,
        '--positive',
        'Positive',
        '--threshold',
        '0.7',
      );
      expect([plain.code, withAp.code]).toEqual([0, 0]);
      const head = format === 'csv' ? /(^|,)ap(,|\r?$)/m : /\bAP\b/;
      expect(plain.out).not.toMatch(head);
      expect(withAp.out).toMatch(head);
    }
    const csv = headroomCli(dir, 'report', project, '--format', 'csv', '--positive', 'Positive');
    const [head, overall] = csv.out.split(/\r?\n/);
    const col = (head as string).split(',').indexOf('ap');
    close(
      Number((overall as string).split(',')[col]),
      directAp(
        rows.map((r) => r.p),
        rows.map((r) => r.label === 'Positive'),
      ),
    );
  });
});

describe('bad threshold input', () => {
  it('says what is wrong: unknown class, no probabilities, out of range, no positive', () => {
    const unknown = headroomCli(dir, 'report', project, '--positive', 'Neutral');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Positive class "Neutral"');
    expect(unknown.err).toContain('"Negative", "Positive"');
    expect(headroomCli(dir, 'report', project, '--threshold', '0.5').err).toContain(
      '--threshold needs --positive',
    );
    const range = headroomCli(dir, 'report', project, '--positive', 'Positive', '--threshold', '2');
    expect([range.code, range.err.split('\n')[0]]).toEqual([
      2,
      'headroom: --threshold takes a number from 0 to 1, not "2"',
    ]);

    const plainCsv = join(dir, 'no-probs.csv');
    writeFileSync(plainCsv, 'id,label,prediction\n1,a,a\n2,b,a\n3,b,b\n');
    const plainProject = join(dir, 'no-probs.headroom');
    expect(headroomCli(dir, 'import', plainCsv, '--project', plainProject).code).toBe(0);
    const none = headroomCli(dir, 'report', plainProject, '--positive', 'a');
    expect(none.code).toBe(1);
    expect(none.err).toContain('has no class probabilities (no p_* columns)');
  });

  it('the service refuses a threshold outside [0, 1] or without a positive class', async () => {
    const service = createService();
    try {
      await service.call('project.open', { path: project });
      for (const input of [
        { positive: 'Positive', threshold: 1.01 },
        { positive: 'Positive', threshold: -0.1 },
        { threshold: 0.5 },
      ]) {
        await expect(service.call('slices.report', input)).rejects.toThrow(/threshold|positive/i);
      }
    } finally {
      service.close();
    }
  });
});

const hasSklearn = spawnSync('python3', ['-c', 'import sklearn']).status === 0;
if (!hasSklearn)
  console.warn('scikit-learn is not installed for python3: its comparison is skipped');

describe('average precision against scikit-learn', () => {
  it.skipIf(!hasSklearn)('equals average_precision_score on seeded data with ties', () => {
    const rand = rng(1515);
    const cases = Array.from({ length: 30 }, (_, k) => {
      const n = 5 + Math.floor(rand() * 300);
      const scores = Array.from({ length: n }, () => Math.round(rand() * (k % 2 ? 10 : 100)) / 100);
      const positive = scores.map((s) => (rand() < 0.2 + 0.6 * s ? 1 : 0));
      if (!positive.includes(1)) positive[0] = 1;
      return { scores, positive };
    });
    const r = spawnSync(
      'python3',
      [
        '-c',
        'import json,sys\nfrom sklearn.metrics import average_precision_score as a\nprint(json.dumps([a(c["positive"], c["scores"]) for c in json.load(sys.stdin)]))',
      ],
      { input: JSON.stringify(cases), encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const theirs = JSON.parse(r.stdout) as number[];
    cases.forEach((c, i) => close(averagePrecision(c.scores, c.positive), theirs[i] as number));
  });
});

describe('report --positive cat --threshold T on CIFAR-10 (multiclass)', () => {
  const c10 = join(dir, 'c10.headroom');
  const file = join(DATASETS, 'cifar10_test', 'cifar10_test.csv');
  const raw = readSimpleCsv(file);
  const probCols = Object.keys(raw[0] as Record<string, string>).filter(
    (k) => k.startsWith('p_') && k !== 'p_label',
  );

  it('below T a cat prediction becomes the best other class; accuracy and recall:cat per class', () => {
    expect(headroomCli(dir, 'import', file, '--project', c10).code).toBe(0);
    for (const t of [0.3, 0.7]) {
      // analysis.md 8.1, written out: C at p(C) >= T; else the file's prediction unless it is C,
      // then the argmax of the other classes (ties: first p_ column).
      const predicted = raw.map((r) => {
        if (Number(r.p_cat) >= t) return 'cat';
        if (r.prediction !== 'cat') return r.prediction as string;
        let best = '';
        let bestP = -Infinity;
        for (const k of probCols) {
          if (k !== 'p_cat' && Number(r[k]) > bestP) {
            bestP = Number(r[k]);
            best = k.slice(2);
          }
        }
        return best;
      });
      // The rule is exercised: at 0.7 some of the file's cat predictions fall below T.
      const moved = raw.some((r, i) => r.prediction === 'cat' && predicted[i] !== 'cat');
      if (t === 0.7) expect(moved).toBe(true);
      for (const metric of ['accuracy', 'recall:cat']) {
        const rep = JSON.parse(
          headroomCli(
            dir,
            'report',
            c10,
            '--format',
            'json',
            '--positive',
            'cat',
            '--threshold',
            String(t),
            '--metric',
            metric,
          ).out,
        ) as Report;
        for (const s of [rep.overall, ...rep.slices.filter((x) => x.kind === 'class')]) {
          const cls = s.id === 'overall' ? null : s.id.slice('class:'.length);
          const idx = raw
            .map((row, i) => ({ row, i }))
            .filter(
              ({ row }) =>
                (cls === null || row.label === cls) &&
                (metric === 'accuracy' || row.label === 'cat'),
            );
          const right = idx.filter(({ row, i }) => predicted[i] === row.label).length;
          expect([s.id, s.n]).toEqual([s.id, idx.length]);
          close(s.accuracy, idx.length ? right / idx.length : null);
        }
      }
    }
  }, 180_000);
});
