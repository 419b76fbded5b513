import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { buildIndex, indexBuildsFromRows } from '../../electron/core/analysis/analysis-index.ts';
import { loadCachedIndex } from '../../electron/core/analysis/index-cache.ts';
import {
  IndexColumnsBuilder,
  MAX_GUESSED_CAPACITY,
} from '../../electron/core/analysis/index-columns.ts';
import { dataVersion } from '../../electron/core/db/data-version.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { expectedRows, runImport } from '../../electron/core/importers/import-job.ts';
import { projectInfo } from '../../electron/core/project/info.ts';
import { OpenProject } from '../../electron/core/project/open-project.ts';
import { DATASETS, rng, tempDir } from '../helpers.ts';

// The first import gathers the index's columns while it writes the rows (index-columns.ts) and
// saves the index in its own transaction; these tests hold that copy equal to what buildIndex
// reads back from the same rows, and show the first report after the import builds nothing.

const dir = tempDir();

/** The saved copy at the project's data_version, and a rebuild from its rows. */
function savedAndRebuilt(project: string) {
  const db = openProjectDb(project);
  try {
    const saved = loadCachedIndex(db, 1, 'original', dataVersion(db));
    return { saved, rebuilt: buildIndex(db) };
  } finally {
    closeProjectDb(db);
  }
}

/** projectInfo reading the example count and run accuracies from the saved index, and by SQL. */
function infoFromIndexEqualsSql(project: string): void {
  const open = OpenProject.open(project);
  try {
    let asked = 0;
    const fromIndex = projectInfo(open.db, open.path, (runId) => {
      asked++;
      return open.indexAtHand(runId);
    });
    expect(asked).toBeGreaterThan(0);
    expect(open.indexAtHand(1)).not.toBeNull();
    expect(fromIndex).toEqual(projectInfo(open.db, open.path));
  } finally {
    open.close();
  }
}

async function report(project: string): Promise<Report> {
  const s = createService();
  try {
    await s.dispatch('project.open', { path: project });
    const env = await s.dispatch('slices.report', {});
    if (!env.ok) throw new Error(env.error.message);
    return env.value as Report;
  } finally {
    s.close();
  }
}

const DATASET_FILES: [string, string][] = [
  ['cifar10_test', 'cifar10_test.csv'],
  ['cifar10_test', 'cifar10_test.jsonl'],
  ['cifar10_test', 'cifar10_test.parquet'],
  ['cifar100_test', 'cifar100_test.csv'],
  ['imagenet_val', 'imagenet_val.csv'],
  ['imdb_test', 'imdb_test.csv'],
  ['mnist_test', 'mnist_test.csv'],
  ['news20_test', 'news20_test.csv'],
  ['chaosnli', 'chaosnli_snli_mnli.csv'],
];

describe('the index gathered while the first import writes its rows', () => {
  it.each(DATASET_FILES)('%s/%s: equals the index built from the rows', async (folder, file) => {
    const project = join(dir, `${file}.headroom`);
    await runImport({ project, file: join(DATASETS, folder, file) });
    const { saved, rebuilt } = savedAndRebuilt(project);
    expect(saved).not.toBeNull();
    expect(saved).toEqual(rebuilt);
    infoFromIndexEqualsSql(project);
  });

  it('equals it through rejected rows, duplicate ids, empty cells, scores and every column kind', async () => {
    // Generated: a duplicate id inside a full INSERT batch (the batch is redone row by row), a
    // row rejected for a bad number after the 10,000 typing rows, empty metadata cells, a text column (> 50 values), one forced
    // categorical with > 50 values, a human_signal column, scores with gaps, two human labels.
    const r = rng(16);
    const classes = ['cat', 'dog', 'bird'];
    const lines = [
      'id,label,prediction,score,human_label_1,human_label_2,device,snr,note,zone,annotator_time',
    ];
    for (let i = 0; i < 12_000; i++) {
      const label = classes[Math.floor(r() * 3)] as string;
      const pred = r() < 0.7 ? label : (classes[Math.floor(r() * 3)] as string);
      const id = i === 200 ? '17' : String(i); // 200 repeats 17: a late reject
      const score = r() < 0.1 ? '' : (r() * 1.4 - 0.2).toFixed(3);
      const h1 = r() < 0.8 ? label : pred;
      const h2 = r() < 0.2 ? '' : r() < 0.9 ? label : pred;
      const device = r() < 0.05 ? '' : (['phone', 'tablet', 'laptop'][i % 3] as string);
      const snr = i === 11_000 ? 'loud' : r() < 0.05 ? '' : (r() * 30).toFixed(2);
      lines.push(
        [
          id,
          label,
          pred,
          score,
          h1,
          h2,
          device,
          snr,
          `note ${i}`,
          `z${i % 80}`,
          r().toFixed(3),
        ].join(','),
      );
    }
    const file = join(dir, 'kinds.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const project = join(dir, 'kinds.headroom');
    const summary = await runImport({
      project,
      file,
      map: { zone: 'categorical', annotator_time: 'human_signal' },
    });
    expect(summary.rejects.map((x) => x.line)).toEqual([202, 11_002]);
    const kinds = new Map(summary.mapping.map((m) => [m.column, m.kind]));
    expect(kinds.get('note')).toBe('text');
    expect(kinds.get('zone')).toBe('categorical');
    expect(kinds.get('snr')).toBe('numeric');
    const { saved, rebuilt } = savedAndRebuilt(project);
    expect(saved).not.toBeNull();
    expect(saved?.correctVals).not.toBeNull();
    expect(saved?.human?.binary).toBe(false);
    expect(saved?.slices.some((s) => s.name.startsWith('zone = '))).toBe(true);
    expect(saved).toEqual(rebuilt);
    infoFromIndexEqualsSql(project);
  });

  it.each([
    ['short first rows (the rows guessed 12x too many)', 10_000, 500, 20_000, 0],
    ['long first rows (guessed too few: the arrays grow)', 10_000, 0, 40_000, 500],
  ])(
    '%s: equals the index built from the rows',
    async (name, firstRows, firstPad, laterRows, laterPad) => {
      // The arrays are sized from the file's size over its first rows' bytes (expectedRows).
      const r = rng(firstRows + laterRows + firstPad);
      const lines = ['id,label,prediction,size,device,note'];
      for (let i = 0; i < firstRows + laterRows; i++) {
        const label = r() < 0.5 ? 'cat' : 'dog';
        const pad = 'x'.repeat(i < firstRows ? firstPad : laterPad);
        lines.push(
          `${i},${label},${r() < 0.8 ? label : 'bird'},${(r() * 9).toFixed(1)},d${i % 4},n${i}${pad}`,
        );
      }
      const file = join(dir, `guess-${firstPad}.csv`);
      writeFileSync(file, lines.join('\n') + '\n');
      const project = join(dir, `guess-${firstPad}.headroom`);
      const summary = await runImport({ project, file });
      expect(summary.rowsImported, name).toBe(firstRows + laterRows);
      const { saved, rebuilt } = savedAndRebuilt(project);
      expect(saved).not.toBeNull();
      expect(saved?.n).toBe(firstRows + laterRows);
      expect(saved).toEqual(rebuilt);
    },
  );

  it('a guess of the row count far beyond reason allocates at most MAX_GUESSED_CAPACITY rows', () => {
    // 10,000 rows of 30 bytes at the start of a 10 GB file: 3.7 billion rows guessed.
    const guess = expectedRows(false, 10_000, 300_000, 1e11);
    expect(guess).toBeGreaterThan(2 ** 31);
    const builder = new IndexColumnsBuilder({
      run: { id: 1, name: 'run', graded: false },
      meta: [{ name: 'size', type: 'number' }],
      human: null,
      ...(guess === undefined ? {} : { expectedRows: guess }),
    });
    builder.add('cat', { prediction: 'cat', score: null }, [1.5], 0, null);
    expect(builder.finish([true]).meta[0]?.values).toEqual(new Float64Array([1.5]));
    expect(MAX_GUESSED_CAPACITY).toBe(2 ** 24);
    expect(expectedRows(true, 123, 1000, 1000)).toBe(123);
    expect(expectedRows(false, 0, 0, 1000)).toBeUndefined();
  });

  it('with one human label column (agreement 0 or 1): info counts the humans from the index as SQL does', async () => {
    const r = rng(23);
    const lines = ['id,label,prediction,human_label,device'];
    for (let i = 0; i < 5_000; i++) {
      const label = r() < 0.5 ? 'cat' : 'dog';
      const human = r() < 0.1 ? '' : r() < 0.85 ? label : label === 'cat' ? 'dog' : 'cat';
      lines.push([`e${i}`, label, r() < 0.8 ? label : 'bird', human, `d${i % 4}`].join(','));
    }
    const file = join(dir, 'one-human.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const project = join(dir, 'one-human.headroom');
    await runImport({ project, file });
    const { saved, rebuilt } = savedAndRebuilt(project);
    expect(saved?.human?.binary).toBe(true);
    expect(saved).toEqual(rebuilt);
    infoFromIndexEqualsSql(project);
    // An independent count from the file itself: annotated rows and the share that agree.
    const rows = lines.slice(1).map((l) => l.split(','));
    const annotated = rows.filter((c) => c[3] !== '');
    const open = OpenProject.open(project);
    try {
      const [humans] = projectInfo(open.db, open.path, (id) => open.indexAtHand(id)).humans;
      expect(humans?.n).toBe(annotated.length);
      expect(humans?.meanAgreement).toBe(
        annotated.filter((c) => c[3] === c[1]).length / annotated.length,
      );
    } finally {
      open.close();
    }
  });

  it('the first report after an import reads the saved copy, and equals a report without it', async () => {
    const project = join(dir, 'first-report.headroom');
    await runImport({ project, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
    const before = indexBuildsFromRows();
    const first = await report(project);
    expect(indexBuildsFromRows()).toBe(before); // loaded, not built from rows
    const db = new Database(project);
    db.exec('DELETE FROM index_cache');
    db.close();
    const rebuilt = await report(project);
    expect(indexBuildsFromRows()).toBe(before + 1);
    expect(rebuilt).toEqual(first);
  });
});
