import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { buildIndex } from '../../electron/core/analysis/analysis-index.ts';
import {
  deserializeIndex,
  loadCachedIndex,
  serializeIndex,
} from '../../electron/core/analysis/index-cache.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { changeMembers } from '../../electron/core/tags/members.ts';
import { DATASETS, tempDir } from '../helpers.ts';
import { count } from '../../electron/core/analysis/bitset.ts';
import { applyTag, removeTag } from '../../electron/core/tags/tags.ts';
import { undoTagOp } from '../../electron/core/tags/history.ts';
import { addRule } from '../../electron/core/analysis/rules-store.ts';
import { createHash } from 'node:crypto';

const sha256Of = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const dir = tempDir();
const project = join(dir, 'c10.headroom');

async function reportVia(
  fn?: (s: ReturnType<typeof createService>) => Promise<void>,
): Promise<Report> {
  const s = createService();
  await s.dispatch('project.open', { path: project });
  if (fn) await fn(s);
  const env = await s.dispatch('slices.report', {});
  s.close();
  if (!env.ok) throw new Error(env.error.message);
  return env.value as Report;
}

function cacheRows(path = project): { key: string; version: number }[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT key, version FROM index_cache').all() as {
    key: string;
    version: number;
  }[];
  db.close();
  return rows;
}

function dropCache(): void {
  const db = new Database(project);
  db.exec('DELETE FROM index_cache');
  db.close();
}

describe('the saved analysis index', () => {
  it('round-trips through its serialized form', async () => {
    await runImport({ project, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
    const db = openProjectDb(project);
    const index = buildIndex(db);
    closeProjectDb(db);
    expect(deserializeIndex(serializeIndex(index))).toEqual(index);
    // Read from bytes on an 8-byte boundary (views) and off it (copies), and cut short (refused).
    const bytes = serializeIndex(index);
    for (const shift of [0, 1, 4, 8]) {
      const at = Buffer.alloc(bytes.length + 16).subarray(shift, shift + bytes.length);
      bytes.copy(at);
      expect(deserializeIndex(at)).toEqual(index);
      expect(deserializeIndex(at.subarray(0, at.length - 4))).toBeNull();
    }
  });

  it('is saved on first use and gives the same report as a rebuild', async () => {
    const built = await reportVia();
    expect(cacheRows()).toEqual([{ key: 'index:run:1:original', version: 1 }]);
    expect(await reportVia()).toEqual(built);
  });

  it('stays current through tag edits (tags are read at load, not saved), and stays exact', async () => {
    const edited = await reportVia(async (s) => {
      await s.dispatch('tags.apply', { tag: 'night', ids: ['1', '2', '3'] });
      await s.dispatch('tags.apply', { tag: 'cats', where: 'label = "cat"' });
    });
    // Not written again: the copy of version 1 holds no tags, and only tags changed since.
    expect(cacheRows()).toEqual([{ key: 'index:run:1:original', version: 1 }]);
    const fromCache = await reportVia();
    expect(fromCache).toEqual(edited);
    dropCache();
    expect(await reportVia()).toEqual(edited);
  });

  it('a change by another process is seen, not hidden by the cache or memory', async () => {
    const a = createService();
    await a.dispatch('project.open', { path: project });
    await a.dispatch('slices.report', {});
    const b = createService();
    await b.dispatch('project.open', { path: project });
    await b.dispatch('tags.apply', { tag: 'from b', ids: ['7'] });
    b.close();
    const env = await a.dispatch('slices.report', {});
    a.close();
    expect(env.ok && (env.value as Report).slices.find((x) => x.name === 'from b')?.n).toBe(1);
  });

  it('a stale saved index is ignored', async () => {
    const before = await reportVia();
    const db = new Database(project);
    // A write that bumps the version without going through the service's memory.
    db.prepare(
      "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'",
    ).run();
    const tagId = db.prepare("SELECT id FROM tags WHERE name = 'from b'").pluck().get() as number;
    expect(Array.from(changeMembers(db, tagId, [500], 'add'))).toEqual([500]);
    db.close();
    const after = await reportVia();
    expect(after.slices.find((x) => x.name === 'from b')?.n).toBe(2);
    expect(after).not.toEqual(before);
  });

  it('a copy saved in an older format at the current version is replaced by the first report', async () => {
    const path = join(dir, 'old-format.headroom');
    await runImport({ project: path, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
    const headerFormat = () => {
      const db = new Database(path, { readonly: true });
      const data = db.prepare('SELECT data FROM index_cache').pluck().get() as Buffer;
      db.close();
      return (JSON.parse(data.toString('utf8', 4, 4 + data.readUInt32LE(0))) as { format: number })
        .format;
    };
    const current = headerFormat();
    // As a project saved by an earlier Headroom: the same copy, its header's format one lower,
    // still at the current data version.
    const db = new Database(path);
    const data = db.prepare('SELECT data FROM index_cache').pluck().get() as Buffer;
    const len = data.readUInt32LE(0);
    const header = data
      .toString('utf8', 4, 4 + len)
      .replace(`"format":${current}`, `"format":${current - 1}`);
    const old = Buffer.concat([data.subarray(0, 4), Buffer.from(header), data.subarray(4 + len)]);
    db.prepare('UPDATE index_cache SET data = ?').run(old);
    db.close();
    expect(headerFormat()).toBe(current - 1);

    const s = createService();
    await s.dispatch('project.open', { path });
    const env = await s.dispatch('slices.report', {});
    s.close();
    expect(env.ok).toBe(true);
    // Written again in the current format, so the next open loads it instead of reading rows.
    expect(headerFormat()).toBe(current);
  });
});

describe('tags are read at load, not saved in the copy', () => {
  it('tag edits keep the saved copy current without writing it, tags read fresh; other writes do not', async () => {
    const path = join(dir, 'tag-edits.headroom');
    await runImport({ project: path, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
    const saved = () => {
      const db = new Database(path, { readonly: true });
      const row = db.prepare('SELECT version, data FROM index_cache').get() as {
        version: number;
        data: Buffer;
      };
      db.close();
      return { version: row.version, data: sha256Of(row.data) };
    };
    const before = saved();
    // Edits as another process makes them: no index in memory, nothing saved at close.
    const db = openProjectDb(path);
    applyTag(db, 'night', { ids: ['0', '1', '2', '3'] });
    applyTag(db, 'blurry', { positions: [5, 9] });
    removeTag(db, 'night', { ids: ['1'] });
    expect(undoTagOp(db)?.kind).toBe('remove');
    const version = Number(
      (db.prepare("SELECT value FROM meta WHERE key = 'data_version'").get() as { value: string })
        .value,
    );
    // Four edits later the row is untouched (no 17 MB rewrite per edit) and still current.
    expect(version).toBe(before.version + 4);
    expect(saved()).toEqual(before);
    const loaded = loadCachedIndex(db, 1, 'original', version);
    expect(loaded).not.toBeNull();
    const rebuilt = buildIndex(db);
    closeProjectDb(db);
    expect(loaded).toEqual(rebuilt);
    const tags = rebuilt.slices.filter((x) => x.kind === 'tag').map((x) => [x.name, count(x.bits)]);
    expect(tags).toEqual([
      ['blurry', 2],
      ['night', 4],
    ]);
    // A write that is not a tag's (a rule) ends it: the copy is no longer current, nor after
    // another tag edit.
    const again = openProjectDb(path);
    addRule(again, 'cats', 'label = "cat"');
    applyTag(again, 'night', { ids: ['9'] });
    const now = Number(
      (
        again.prepare("SELECT value FROM meta WHERE key = 'data_version'").get() as {
          value: string;
        }
      ).value,
    );
    expect(loadCachedIndex(again, 1, 'original', now)).toBeNull();
    closeProjectDb(again);
  });
});

describe('the import saves the index in its own transaction', () => {
  const fresh = join(dir, 'imported.headroom');
  const current = (path: string) => {
    const rows = cacheRows(path);
    expect(rows).toHaveLength(1);
    return rows[0] as { key: string; version: number };
  };
  /** The saved copy is exactly what a rebuild from the rows gives now. */
  const savedEqualsRebuild = (path: string) => {
    const db = openProjectDb(path);
    const version = Number(
      (db.prepare("SELECT value FROM meta WHERE key = 'data_version'").get() as { value: string })
        .value,
    );
    const saved = loadCachedIndex(db, 1, 'original', version);
    const rebuilt = buildIndex(db);
    closeProjectDb(db);
    expect(saved).not.toBeNull();
    expect(saved).toEqual(rebuilt);
  };
  const reportOf = async (path: string) => {
    const s = createService();
    await s.dispatch('project.open', { path });
    const env = await s.dispatch('slices.report', {});
    s.close();
    if (!env.ok) throw new Error(env.error.message);
    return env.value as Report;
  };

  it('an examples import leaves a current copy, before any open', async () => {
    await runImport({ project: fresh, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
    expect(cacheRows(fresh)).toEqual([{ key: 'index:run:1:original', version: 1 }]);
    savedEqualsRebuild(fresh);
  });

  it('a tags import after a rule carries the copy forward with its tags and rules read again', async () => {
    const s = createService();
    await s.dispatch('project.open', { path: fresh });
    const added = await s.dispatch('rules.add', {
      name: 'tagged cats',
      expression: 'label = "cat"',
    });
    expect(added.ok).toBe(true);
    await s.dispatch('slices.report', {}); // the copy at the rule's version, to carry forward
    s.close();
    const before = current(fresh).version;
    expect(before).toBe(2);
    const tags = join(dir, 'tags.csv');
    writeFileSync(tags, 'example_id,tag\n0,blurry\n1,blurry\n7,night\n');
    await runImport({ project: fresh, file: tags, kind: 'tags' });
    // The copy holds no tags: it stays as saved, current at the import's version.
    expect(current(fresh).version).toBe(before);
    savedEqualsRebuild(fresh);
    const report = await reportOf(fresh);
    expect(report.slices.find((x) => x.name === 'blurry')?.n).toBe(2);
    expect(report.slices.find((x) => x.name === 'night')?.n).toBe(1);
  });

  it('a failed import leaves the saved copy as it was', async () => {
    const before = current(fresh);
    const bad = join(dir, 'strict.csv');
    writeFileSync(bad, 'example_id,tag\n2,x\n404404,x\n');
    await expect(
      runImport({ project: fresh, file: bad, kind: 'tags', strict: true }),
    ).rejects.toThrow(/--strict/);
    expect(current(fresh)).toEqual(before);
    savedEqualsRebuild(fresh);
  });

  it('the report from the saved copy is the report of a rebuild', async () => {
    const fromCopy = await reportOf(fresh);
    const db = new Database(fresh);
    db.exec('DELETE FROM index_cache');
    db.close();
    expect(await reportOf(fresh)).toEqual(fromCopy);
  });
});
