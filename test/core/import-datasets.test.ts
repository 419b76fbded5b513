import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../shared/project.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { projectInfo } from '../../electron/core/project/info.ts';
import { DATASETS, tempDir } from '../helpers.ts';

const dir = tempDir();

/** Row counts and model accuracy as printed in each dataset's README. */
const DATASET_FIGURES: [string, string, number, number][] = [
  ['cifar10_test', 'cifar10_test.csv', 10_000, 0.9294],
  ['cifar10_test', 'cifar10_test.jsonl', 10_000, 0.9294],
  ['cifar10_test', 'cifar10_test.parquet', 10_000, 0.9294],
  ['imagenet_val', 'imagenet_val.csv', 50_000, 0.7273],
  ['imdb_test', 'imdb_test.csv', 25_000, 0.8958],
  ['mnist_test', 'mnist_test.csv', 10_000, 0.9913],
  ['cifar100_test', 'cifar100_test.csv', 10_000, 0.6929],
  ['news20_test', 'news20_test.csv', 7_532, 0.9234],
  ['chaosnli', 'chaosnli_snli_mnli.csv', 3_083, 0.6464],
];

function info(project: string): ProjectInfo {
  const db = openProjectDb(project);
  try {
    return projectInfo(db, project);
  } finally {
    closeProjectDb(db);
  }
}

describe('every shared dataset imports with the README figures', () => {
  for (const [folder, file, rows, accuracy] of DATASET_FIGURES) {
    it(`${file}: ${rows} rows, model accuracy ${(accuracy * 100).toFixed(2)}%`, async () => {
      const project = join(dir, `${file}.headroom`);
      const summary = await runImport({ project, file: join(DATASETS, folder, file) });
      expect(summary.rowsRejected).toBe(0);
      expect(summary.rowsImported).toBe(rows);
      const i = info(project);
      expect(i.examples).toBe(rows);
      expect(i.runs).toHaveLength(1);
      expect(i.runs[0]?.n).toBe(rows);
      expect(i.runs[0]?.accuracy).toBeCloseTo(accuracy, 4);
      const roles = Object.fromEntries(i.columns.map((c) => [c.name, c.role]));
      expect(roles.id).toBe('id');
      expect(roles.label).toBe('label');
      expect(roles.prediction).toBe('prediction');
      // The answer key of the label-error study is never an input.
      for (const c of i.columns) {
        if (/^mturk_|^label_error_confirmed$|^corrected_label$/.test(c.name)) {
          expect(c.role).toBe('ignore');
        }
      }
    });
  }

  it('CIFAR-10: probabilities, human votes and agreement are recognised', () => {
    const i = info(join(dir, 'cifar10_test.csv.headroom'));
    const roles = Object.fromEntries(i.columns.map((c) => [c.name, c.role]));
    expect(roles.confidence).toBe('confidence');
    expect(roles.p_cat).toBe('probability');
    expect(roles.p_label).toBe('ignore');
    expect(roles.human_votes_cat).toBe('human_votes');
    expect(roles.human_agree).toBe('human_agreement');
    expect(roles.human_n).toBe('human_count');
    expect(roles.input).toBe('input');
    const kinds = Object.fromEntries(i.columns.map((c) => [c.name, c.kind]));
    expect(kinds.class_group).toBe('categorical');
    expect(i.runs[0]?.classes).toEqual([
      'airplane',
      'automobile',
      'bird',
      'cat',
      'deer',
      'dog',
      'frog',
      'horse',
      'ship',
      'truck',
    ]);
    expect(i.humans).toHaveLength(1);
    expect(i.humans[0]?.n).toBe(10_000);
    // README: mean single-annotator agreement with the label 95.23%.
    expect(i.humans[0]?.meanAgreement).toBeCloseTo(0.9523, 4);
  });

  it('news20: p_ columns map back to dotted class names', () => {
    const i = info(join(dir, 'news20_test.csv.headroom'));
    expect(i.runs[0]?.classes).toContain('comp.sys.ibm.pc.hardware');
    expect(i.runs[0]?.classes).toHaveLength(20);
  });

  it('ChaosNLI: human agreement from the ChaosNLI votes (README 60.84%)', () => {
    const i = info(join(dir, 'chaosnli_snli_mnli.csv.headroom'));
    expect(i.humans[0]?.kind).toBe('votes');
    expect(i.humans[0]?.meanAgreement).toBeCloseTo(0.6084, 4);
  });

  it('the three formats of CIFAR-10 give identical examples', () => {
    const dump = (p: string) => {
      const db = openProjectDb(join(dir, p));
      try {
        return db
          .prepare(
            `SELECT e.id, e.label, p.prediction, p.confidence, hex(p.probs) AS probs, a.agree
               FROM examples e JOIN predictions p USING (pos) JOIN human_annotations a USING (pos)
              ORDER BY e.pos`,
          )
          .all();
      } finally {
        closeProjectDb(db);
      }
    };
    const csv = dump('cifar10_test.csv.headroom');
    expect(dump('cifar10_test.jsonl.headroom')).toEqual(csv);
    expect(dump('cifar10_test.parquet.headroom')).toEqual(csv);
  });
});
