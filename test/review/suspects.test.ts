import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { rankSuspects } from '../../electron/core/review/suspects.ts';
import { DATASETS, readSimpleCsv, tempDir } from '../helpers.ts';

const dir = tempDir();

/** The answer key, read by the test only: it scores the ranking, it never feeds it. */
function confirmedErrors(file: string): Set<string> {
  return new Set(
    readSimpleCsv(file)
      .filter((r) => r.label_error_confirmed === '1')
      .map((r) => r.id as string),
  );
}

async function projectOf(name: string, file: string): Promise<string> {
  const project = join(dir, `${name}.headroom`);
  await runImport({ project, file });
  return project;
}

describe('suspect labels against the crowd-confirmed errors (analysis.md section 5)', () => {
  const c10 = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  const mnist = join(DATASETS, 'mnist_test/mnist_test.csv');

  it('CIFAR-10: combined top 100 holds >= 35 of the 54; probabilities alone >= 24', async () => {
    const truth = confirmedErrors(c10);
    expect(truth.size).toBe(54);
    const db = openProjectDb(await projectOf('c10', c10));
    try {
      const combined = rankSuspects(db, { top: 100 });
      expect(combined.source).toBe('combined');
      const hitsCombined = combined.suspects.filter((s) => truth.has(s.id)).length;
      const probs = rankSuspects(db, { source: 'probabilities', top: 100 });
      const hitsProbs = probs.suspects.filter((s) => truth.has(s.id)).length;
      console.log(
        `suspects: CIFAR-10 top 100 combined ${hitsCombined}/54, probabilities ${hitsProbs}/54`,
      );
      expect(hitsCombined).toBeGreaterThanOrEqual(35);
      expect(hitsProbs).toBeGreaterThanOrEqual(24);
      // Every suspect says why it is there, with the likely class when the model points to one.
      for (const s of combined.suspects) expect(s.reasons.length).toBeGreaterThan(0);
      const top = probs.suspects[0];
      expect(top?.likely).not.toBe(top?.label);
      expect(top?.margin).toBeLessThan(0);
    } finally {
      closeProjectDb(db);
    }
  });

  it('MNIST (no human data): top 25 holds >= 8 of the 15', async () => {
    const truth = confirmedErrors(mnist);
    expect(truth.size).toBe(15);
    const db = openProjectDb(await projectOf('mnist', mnist));
    try {
      const r = rankSuspects(db, { top: 25 });
      expect(r.source).toBe('probabilities');
      const hits = r.suspects.filter((s) => truth.has(s.id)).length;
      console.log(`suspects: MNIST top 25 ${hits}/15`);
      expect(hits).toBeGreaterThanOrEqual(8);
    } finally {
      closeProjectDb(db);
    }
  });

  it('the answer-key columns are not in the project at all', () => {
    for (const name of ['c10', 'mnist']) {
      const db = new Database(join(dir, `${name}.headroom`), { readonly: true });
      const roles = db
        .prepare(
          "SELECT name, role, sql_name FROM columns WHERE name LIKE 'mturk%' OR name IN ('label_error_confirmed', 'corrected_label')",
        )
        .all() as {
        role: string;
        sql_name: string | null;
      }[];
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles) expect(r).toMatchObject({ role: 'ignore', sql_name: null });
      db.close();
    }
  });

  it('without probabilities or humans: confident wrong predictions first', async () => {
    const db = openProjectDb(
      await projectOf('imagenet', join(DATASETS, 'imagenet_val/imagenet_val.csv')),
    );
    try {
      const r = rankSuspects(db, { top: 50 });
      expect(r.source).toBe('confidence');
      for (const s of r.suspects) expect(s.prediction).not.toBe(s.label);
    } finally {
      closeProjectDb(db);
    }
  });
});
