import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { HeadroomError } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { projectInfo } from '../../electron/core/project/info.ts';
import { sha256, tempDir } from '../helpers.ts';

const dir = tempDir();
const project = join(dir, 'p.headroom');

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function info() {
  const db = openProjectDb(project);
  try {
    return projectInfo(db, project);
  } finally {
    closeProjectDb(db);
  }
}

async function expectCode(p: Promise<unknown>, code: string): Promise<HeadroomError> {
  const err = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HeadroomError);
  expect((err as HeadroomError).code).toBe(code);
  return err as HeadroomError;
}

describe('imports after the first', () => {
  it('creates the project from an examples file', async () => {
    const file = write(
      'base.csv',
      'id,label,prediction,confidence,device,snr_db\n' +
        '12345678901234567890,cat,cat,0.9,phone,3.5\n' +
        '2,dog,cat,0.6,kiosk,\n' +
        '3,dog,dog,0.8,phone,10\n' +
        '4,cat,dog,0.7,phone,-2\n',
    );
    const s = await runImport({ project, file, name: 'v1' });
    expect(s.rowsImported).toBe(4);
    const i = info();
    expect(i.runs.map((r) => [r.name, r.accuracy])).toEqual([['v1', 0.5]]);
    expect(i.columns.find((c) => c.name === 'snr_db')?.kind).toBe('numeric');
    expect(i.columns.find((c) => c.name === 'device')?.kind).toBe('categorical');
    const db = new Database(project, { readonly: true });
    // 20-digit ids stay exact; an empty numeric cell is NULL, not 0.
    expect(db.prepare('SELECT id FROM examples WHERE pos = 0').get()).toEqual({
      id: '12345678901234567890',
    });
    expect(db.prepare("SELECT m_2 AS snr FROM examples WHERE id = '2'").get()).toEqual({
      snr: null,
    });
    db.close();
  });

  it('adds a second run and reports unknown and duplicate ids', async () => {
    const file = write(
      'v2.csv',
      'id,prediction,confidence\n12345678901234567890,cat,0.9\n2,dog,0.8\n2,dog,0.8\n99,cat,0.5\n',
    );
    const s = await runImport({ project, file, name: 'v2' });
    expect(s.kind).toBe('run');
    expect(s.rowsImported).toBe(2);
    expect(s.rejects).toEqual([
      {
        line: 4,
        column: 'id',
        reason: 'duplicate id: this example already has a prediction in this file',
      },
      { line: 5, column: 'id', reason: 'unknown id "99" (not in the project)' },
    ]);
    expect(s.examplesWithout).toBe(2);
    const v2 = info().runs.find((r) => r.name === 'v2');
    expect(v2?.n).toBe(2);
    expect(v2?.accuracy).toBe(1);
  });

  it('refuses a run name that is taken, leaving the project unchanged', async () => {
    const before = sha256(project);
    const file = write('v2b.csv', 'id,prediction\n2,dog\n');
    await expectCode(runImport({ project, file, name: 'v2' }), 'CONFLICT');
    expect(sha256(project)).toBe(before);
  });

  it('needs to be told what a second file is', async () => {
    const file = write('again.csv', 'id,label,prediction\n5,cat,cat\n');
    await expectCode(runImport({ project, file }), 'CONFLICT');
  });

  it('adds human annotations from label columns', async () => {
    const file = write(
      'humans.csv',
      'id,human_label_1,human_label_2\n12345678901234567890,cat,dog\n2,dog,dog\n3,cat,\n',
    );
    const s = await runImport({ project, file, kind: 'humans', name: 'raters' });
    expect(s.rowsImported).toBe(3);
    const h = info().humans.find((x) => x.name === 'raters');
    expect(h?.kind).toBe('labels');
    expect(h?.n).toBe(3);
    expect(h?.meanAgreement).toBeCloseTo((0.5 + 1 + 0) / 3, 12);
  });

  it('adds tags from (example id, tag) rows', async () => {
    const file = write(
      'tags.csv',
      'example_id,tag\n2,blurry\n3,blurry\n12345678901234567890,night\n3,blurry\n77,night\n',
    );
    const s = await runImport({ project, file, kind: 'tags' });
    expect(s.rowsImported).toBe(4);
    expect(s.rejects).toEqual([
      { line: 6, column: 'example_id', reason: 'unknown id "77" (not in the project)' },
    ]);
    expect(info().tags).toEqual([
      { id: expect.any(Number), name: 'blurry', n: 2, color: null, description: null },
      { id: expect.any(Number), name: 'night', n: 1, color: null, description: null },
    ]);
  });

  it('--strict refuses an import with rejects and changes nothing', async () => {
    const before = sha256(project);
    const file = write('strict.csv', 'example_id,tag\n2,x\n404,x\n');
    const err = await expectCode(
      runImport({ project, file, kind: 'tags', strict: true }),
      'STRICT_REJECTS',
    );
    expect(err.message).toContain('line 3, column "example_id"');
    expect(sha256(project)).toBe(before);
  });

  it('a cancelled import leaves the project as it was', async () => {
    const before = sha256(project);
    const rows = Array.from({ length: 50_000 }, (_, i) => `${(i % 4) + 1},t${i % 7}`).join('\n');
    const file = write('many-tags.csv', `example_id,tag\n${rows}\n`);
    const controller = new AbortController();
    let progressed = 0;
    const onProgress = () => {
      progressed++;
      controller.abort(); // cancel once the import has started writing
    };
    await expectCode(
      runImport({ project, file, kind: 'tags' }, { signal: controller.signal, onProgress }),
      'CANCELLED',
    );
    expect(progressed).toBeGreaterThan(0);
    expect(sha256(project)).toBe(before);
    expect(info().tags.map((t) => t.name)).toEqual(['blurry', 'night']);
  });

  it('a failed first import leaves no project file behind', async () => {
    const target = join(dir, 'never.headroom');
    const file = write('bad-first.csv', 'id,label\n,\n,\n');
    await expectCode(runImport({ project: target, file }), 'NOTHING_IMPORTED');
    const { existsSync } = await import('node:fs');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.importing`)).toBe(false);
  });
});
