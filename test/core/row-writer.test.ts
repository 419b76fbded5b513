import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toErrorInfo } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { MAX_CODES } from '../../electron/core/importers/row-batches.ts';
import { liveRowWriters } from '../../electron/core/importers/row-writer-thread.ts';
import type { RowWriterFault } from '../../electron/core/importers/row-writer-worker.ts';
import { dumpHash, integrity } from '../db-dump.ts';
import { DATASETS, rng, tempDir } from '../helpers.ts';

/**
 * A new project's rows go through the row writer thread (row-writer-thread.ts) once the file is
 * large enough; the project must be the same, row for row, as the rows written on the import's
 * own connection, and any failure of the thread must leave nothing behind.
 */
const dir = tempDir('headroom-row-writer-');
let seq = 0;

async function importBoth(file: string): Promise<{ threaded: string; direct: string }> {
  seq++;
  const threaded = join(dir, `t${seq}.headroom`);
  const direct = join(dir, `d${seq}.headroom`);
  const a = await runImport({ project: threaded, file }, { rowsThread: true });
  const b = await runImport({ project: direct, file }, { rowsThread: false });
  expect(a.rowsImported).toBe(b.rowsImported);
  expect(a.rowsRejected).toBe(b.rowsRejected);
  expect(integrity(threaded)).toEqual({ integrity: 'ok', foreignKeys: 0 });
  return { threaded: dumpHash(threaded), direct: dumpHash(direct) };
}

const FILES = [
  'cifar10_test/cifar10_test.csv',
  'cifar10_test/cifar10_test.jsonl',
  'cifar10_test/cifar10_test.parquet',
  'cifar100_test/cifar100_test.csv',
  'imagenet_val/imagenet_val.csv',
  'imdb_test/imdb_test.csv',
  'mnist_test/mnist_test.csv',
  'news20_test/news20_test.csv',
  'chaosnli/chaosnli_snli_mnli.csv',
];

describe('the row writer thread writes what the import would', () => {
  it.each(FILES)('%s: the same project either way', async (name) => {
    const { threaded, direct } = await importBoth(join(DATASETS, name));
    expect(threaded).toBe(direct);
    expect(liveRowWriters()).toBe(0);
  });

  it('rejected rows, rows without a human label, a text column past the codes, empty cells', async () => {
    const random = rng(16);
    const n = MAX_CODES + 5000;
    const lines = ['id,label,prediction,confidence,human_label,device,note,snr,p_cat,p_dog'];
    const rejects: number[] = [];
    for (let i = 0; i < n; i++) {
      const label = random() < 0.5 ? 'cat' : 'dog';
      const p = random();
      let snr = (random() * 30).toFixed(2);
      if (i % 997 === 5) {
        snr = 'loud'; // not a number: rejected with its line
        rejects.push(i + 2);
      }
      lines.push(
        [
          `ex${i}`,
          label,
          random() < 0.8 ? label : 'cat',
          random().toFixed(4),
          random() < 0.7 ? label : random() < 0.5 ? '' : 'dog',
          random() < 0.1 ? '' : ['phone', 'tablet', 'kiosk'][i % 3],
          // distinct on every row but a few: past MAX_CODES the column is sent as text
          i % 50 === 0 ? '' : `note "${i}" ${random() < 0.5 ? 'ü' : ''}`.replace(/"/g, ''),
          i % 31 === 0 ? '' : snr,
          p.toFixed(3),
          (1 - p).toFixed(3),
        ].join(','),
      );
    }
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { threaded, direct } = await importBoth(file);
    expect(threaded).toBe(direct);
    expect(rejects.length).toBeGreaterThan(60);
  });

  it('repeated text bound as codes and turned back by SQL: quotes, SQL, accents, spaces, empty cells, a dictionary growing past CASE_MAX', async () => {
    // Every row has its human label, so each message goes through the coded statements.
    const hostile = [
      "it's",
      "Robert'); DROP TABLE examples;--",
      "''",
      'é ü 中文 😀',
      '  spaced  ',
      'CASE 0 WHEN 1',
      'a,b',
    ];
    const lines = ['id,label,prediction,human_label,device,region'];
    for (let i = 0; i < 30_000; i++) {
      const label = hostile[i % hostile.length] as string;
      const cell = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
      lines.push(
        [
          `x${i}`,
          cell(label),
          cell(i % 5 ? label : (hostile[(i + 1) % hostile.length] as string)),
          cell(label),
          i % 11 === 0 ? '' : cell(hostile[(i * 7) % hostile.length] as string),
          // a new value every 500 rows: the dictionary passes CASE_MAX (32) midway
          `region ${Math.floor(i / 500)}`,
        ].join(','),
      );
    }
    const file = join(dir, 'coded.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { threaded, direct } = await importBoth(file);
    expect(threaded).toBe(direct);
  });

  it('a repeated id: the threaded pass gives way to the checked one, same project', async () => {
    const lines = ['id,label,prediction,device'];
    for (let i = 0; i < 30_000; i++)
      lines.push(`r${i % 29_990},cat,${i % 3 ? 'cat' : 'dog'},d${i % 7}`);
    const file = join(dir, 'repeats.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { threaded, direct } = await importBoth(file);
    expect(threaded).toBe(direct);
  });
});

describe('a failing row writer thread leaves nothing behind', () => {
  const lines = ['id,label,prediction,confidence,device'];
  for (let i = 0; i < 30_000; i++) lines.push(`x${i},cat,dog,0.5,d${i % 5}`);
  const file = join(dir, 'small.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);

  const cases: [RowWriterFault, RegExp, string][] = [
    ['full', /disk is full/, 'DISK_FULL'],
    ['exit', /row writer thread stopped \(exit code 3\)/, 'INTERNAL'],
    ['throw', /row writer thread failed: injected uncaught exception/, 'INTERNAL'],
    ['sync', /injected sync failure/, 'INTERNAL'],
  ];
  it.each(cases)('%s', async (fault, message, code) => {
    const folder = tempDir('headroom-row-writer-fault-');
    const project = join(folder, 'p.headroom');
    const err = await runImport({ project, file }, { rowsThread: true, rowsThreadFault: fault })
      .then(() => null)
      .catch((e: unknown) => e);
    expect(err).not.toBeNull();
    const info = toErrorInfo(err);
    expect(info.code).toBe(code);
    expect(info.message).toMatch(message);
    expect(readdirSync(folder)).toEqual([]);
    expect(liveRowWriters()).toBe(0);
    // The next import of the same file succeeds.
    const ok = await runImport({ project, file }, { rowsThread: true });
    expect(ok.rowsImported).toBe(30_000);
  });

  it('cancelled once the thread has rows: CANCELLED, no file, no thread', async () => {
    const folder = tempDir('headroom-row-writer-cancel-');
    const project = join(folder, 'p.headroom');
    const controller = new AbortController();
    const err = await runImport(
      { project, file },
      {
        rowsThread: true,
        signal: controller.signal,
        // The first progress comes after the first rows went to the thread.
        onProgress: () => controller.abort(),
      },
    )
      .then(() => null)
      .catch((e: unknown) => e);
    expect(toErrorInfo(err).code).toBe('CANCELLED');
    expect(existsSync(project)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
    expect(liveRowWriters()).toBe(0);
  });
});
