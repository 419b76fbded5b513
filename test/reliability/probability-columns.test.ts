import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import type { ImportSummary } from '../../shared/imports.ts';
import { dumpHash } from '../db-dump.ts';
import { headroomCli, rng, tempDir } from '../helpers.ts';

/**
 * Issue #13 point 5: probability (and human_votes) columns whose class suffixes are the same class
 * once case, spaces and punctuation are set aside are refused by name; rows whose probabilities do
 * not sum to 1 (beyond 1e-3) are imported as given and counted in the import's notes.
 */
const dir = tempDir('headroom-probs-');
const CLASSES = ['cat', 'dog', 'a.b'];

const csvCell = (v: string) => (/[",\s]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A CSV of id, label, prediction and the given extra columns (cells from `cell`). */
function writeCsv(
  name: string,
  extra: readonly string[],
  rows: number,
  cell: (row: number, col: number) => string,
): string {
  const path = join(dir, name);
  const lines = [['id', 'label', 'prediction', ...extra].map(csvCell).join(',')];
  for (let i = 0; i < rows; i++) {
    const label = CLASSES[i % CLASSES.length] as string;
    lines.push([`e${i}`, label, label, ...extra.map((_, k) => cell(i, k))].map(csvCell).join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function importError(req: Parameters<typeof runImport>[0]): Promise<HeadroomError> {
  const err = await runImport(req).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HeadroomError);
  return err as HeadroomError;
}

const COLLIDING: { role: string; columns: string[] }[] = [
  { role: 'probability', columns: ['p_a.b', 'p_a_b', 'p_a-b'] },
  { role: 'probability', columns: ['p_cat', 'P_CAT', 'p_cat '] },
  { role: 'probability', columns: ['prob_dog', 'p_Dog'] },
  { role: 'human_votes', columns: ['human_votes_a.b', 'human_votes_A-B'] },
];

describe('colliding class columns are refused by name (issue #13 point 5)', () => {
  const base = join(dir, 'base.headroom');

  it('a new project: BAD_MAPPING naming every colliding column, no file left', async () => {
    for (const [g, { role, columns }] of COLLIDING.entries()) {
      const file = writeCsv(`collide-${g}.csv`, columns, 30, () => '0.25');
      const project = join(dir, `new-${g}.headroom`);
      const err = await importError({ project, file });
      expect(err.code, err.message).toBe('BAD_MAPPING');
      expect(err.message).toContain(role);
      for (const c of columns) expect(err.message).toContain(`"${c}"`);
      expect(existsSync(project)).toBe(false);
      expect(existsSync(`${project}.importing`)).toBe(false);
    }
  });

  it('a run into an existing project: BAD_MAPPING, the project unchanged', async () => {
    const first = writeCsv('base.csv', [], 30, () => '');
    await runImport({ project: base, file: first });
    const before = dumpHash(base);
    const file = writeCsv('run-collide.csv', ['p_cat', 'P_CAT', 'p_dog'], 30, () => '0.3');
    const err = await importError({ project: base, file, name: 'second' });
    expect(err.code, err.message).toBe('BAD_MAPPING');
    expect(err.message).toMatch(/"p_cat", "P_CAT"/);
    expect(err.message).not.toContain('"p_dog"');
    expect(dumpHash(base)).toBe(before);
  });

  it('the preview says so, and ignoring the extra column imports', async () => {
    const file = writeCsv('preview.csv', ['p_a.b', 'p_a-b', 'p_cat', 'p_dog'], 30, () => '0.25');
    const service = createService();
    try {
      const env = await service.dispatch('imports.preview', { file });
      expect(env.ok, JSON.stringify(env)).toBe(true);
      if (env.ok) expect((env.value as { problem: string | null }).problem).toMatch(/"p_a-b"/);
    } finally {
      service.close();
    }
    const summary = await runImport({
      project: join(dir, 'ignored.headroom'),
      file,
      map: { 'p_a-b': 'ignore' },
    });
    expect(summary.rowsImported).toBe(30);
    expect(summary.mapping.find((m) => m.column === 'p_a-b')?.role).toBe('ignore');
  });

  it('distinct classes that only look alike are not refused (p_ab vs p_a_b)', async () => {
    const file = writeCsv('distinct.csv', ['p_ab', 'p_a_b'], 30, () => '0.5');
    const summary = await runImport({ project: join(dir, 'distinct.headroom'), file });
    expect(summary.rowsImported).toBe(30);
  });
});

describe('probabilities that do not sum to 1 are counted in the notes (issue #13 point 5)', () => {
  const PROB_COLS = CLASSES.map((c) => `p_${c}`);
  const ROWS = 300;
  const r = rng(5);
  // Each row: a softmax-like vector, then some rows scaled off 1 (a few within the tolerance).
  const probs = Array.from({ length: ROWS }, () => {
    const raw = CLASSES.map(() => r() + 0.05);
    const sum = raw.reduce((a, b) => a + b, 0);
    const u = r();
    const scale = u < 0.1 ? 0.8 : u < 0.15 ? 1.002 : u < 0.25 ? 1 + 4e-4 : 1;
    return raw.map((v) => Number(((v / sum) * scale).toFixed(6)));
  });
  const offRows = probs
    .map((p, i) => ({ i, sum: p.reduce((a, b) => a + b, 0) }))
    .filter((x) => Math.abs(x.sum - 1) > 1e-3);
  const file = writeCsv('sums.csv', PROB_COLS, ROWS, (i, k) => String(probs[i]?.[k]));
  const sumNote = (s: ImportSummary) => s.notes.find((n) => /do not sum to 1/.test(n));

  it('an examples import: the note counts the rows, names the first line and its sum', async () => {
    expect(offRows.length).toBeGreaterThan(10);
    const summary = await runImport({ project: join(dir, 'sums.headroom'), file });
    expect(summary.rowsImported).toBe(ROWS);
    const note = sumNote(summary);
    expect(note).toContain(`${offRows.length} rows have class probabilities`);
    const first = offRows[0] as { i: number; sum: number };
    // Line 1 is the header.
    expect(note).toContain(`line ${first.i + 2}, sums to ${Number(first.sum.toPrecision(6))}`);
  });

  it('a --run into an existing project (real CLI): the CLI prints the note', () => {
    const project = join(dir, 'sums-run.headroom');
    const plain = writeCsv('plain.csv', [], ROWS, () => '');
    expect(headroomCli(dir, 'import', plain, '--project', project).code).toBe(0);
    const r = headroomCli(dir, 'import', file, '--project', project, '--run', 'probs');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(`Note: ${offRows.length} rows have class probabilities \\(3 columns: p_cat`),
    );
  });

  it('rows within the tolerance give no note', async () => {
    const fine = writeCsv('fine.csv', PROB_COLS, 60, (i, k) =>
      String([0.2, 0.3, 0.5 + (i % 2 ? 9e-4 : -9e-4)][k]),
    );
    const summary = await runImport({ project: join(dir, 'fine.headroom'), file: fine });
    expect(sumNote(summary)).toBeUndefined();
  });
});
