import Database from 'better-sqlite3';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SchemaUpgrade } from '../../shared/project.ts';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { BEFORE_SETS, undoExamplesIdIndex, undoMemberSets } from '../db/undo-migrations.ts';
import { generatePredictions, headroomCli, tempDir } from '../helpers.ts';

/**
 * Opening an old project whose upgrade rewrites data in full (migrations 014 and 015: a wait that
 * grows with the project, 26 s for 10M rows) is told before the wait: the engine's
 * project.upgrading event, which the CLI prints on stderr, whatever the command.
 */
const dir = tempDir('headroom-upgrade-notice-');
let old = '';
let tags = '';
let copies = 0;

/** A fresh copy of the old project (each upgrade happens once). */
function oldCopy(): string {
  const path = join(dir, `copy-${copies++}.headroom`);
  copyFileSync(old, path);
  return path;
}

const schemaOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

const NOTICE = `from schema ${BEFORE_SETS} to ${SCHEMA_VERSION}, once: rewriting the tags' members and the examples table`;

beforeAll(async () => {
  generatePredictions(dir, 5000);
  tags = join(dir, 'tags.csv');
  old = join(dir, 'old.headroom');
  await runImport({ project: old, file: join(dir, 'examples.csv') });
  await runImport({ project: old, file: tags, kind: 'tags' });
  const db = new Database(old);
  undoExamplesIdIndex(db);
  undoMemberSets(db);
  db.close();
  expect(schemaOf(old)).toBe(BEFORE_SETS);
}, 60_000);

describe('the upgrade of an old project is told before it starts', () => {
  it('openProjectDb: onUpgrade hears of it while the file still has the old schema', () => {
    const path = oldCopy();
    const bytes = statSync(path).size;
    const heard: { upgrade: SchemaUpgrade; schemaThen: number }[] = [];
    const db = openProjectDb(path, {
      onUpgrade: (upgrade) => heard.push({ upgrade, schemaThen: schemaOf(path) }),
    });
    closeProjectDb(db);
    expect(heard).toEqual([
      {
        upgrade: {
          path,
          from: BEFORE_SETS,
          to: SCHEMA_VERSION,
          bytes,
          rewrites: ["the tags' members", 'the examples table'],
        },
        schemaThen: BEFORE_SETS,
      },
    ]);
    expect(schemaOf(path)).toBe(SCHEMA_VERSION);
    // Upgraded: the next open has nothing to tell.
    const again: SchemaUpgrade[] = [];
    closeProjectDb(openProjectDb(path, { onUpgrade: (u) => again.push(u) }));
    expect(again).toEqual([]);
  });

  it.each([
    ['info', (p: string) => ['info', p]],
    ['report (every command that opens a project)', (p: string) => ['report', p, '--top', '3']],
    ['import', (p: string) => ['import', tags, '--project', p, '--as', 'tags', '--name', 'again']],
  ])('the CLI prints it once on stderr: %s', (_, args) => {
    const path = oldCopy();
    const first = headroomCli(dir, ...args(path));
    expect(first.err).toContain(`${path}: upgrading the project file ${NOTICE}`);
    expect(first.err.split('upgrading the project file').length - 1).toBe(1);
    expect(first.code, first.err).toBe(0);
    expect(schemaOf(path)).toBe(SCHEMA_VERSION);
    const second = headroomCli(dir, 'info', path);
    expect(second.code).toBe(0);
    expect(second.err).not.toContain('upgrading');
  });

  it('a new project, and one at the current schema, say nothing of it', () => {
    const path = join(dir, 'new.headroom');
    const made = headroomCli(dir, 'import', join(dir, 'examples.csv'), '--project', path);
    expect(made.code, made.err).toBe(0);
    expect(made.err).not.toContain('upgrading');
    const info = headroomCli(dir, 'info', path);
    expect(info.code).toBe(0);
    expect(info.err).not.toContain('upgrading');
  });
});
