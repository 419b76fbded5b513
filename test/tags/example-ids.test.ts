import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { idPositions, idResolver } from '../../electron/core/tags/example-ids.ts';
import { rng, tempDir } from '../helpers.ts';

/**
 * Example ids to positions (tags/example-ids.ts) on real project files: numbered ids are parsed
 * (the layout found once and kept in meta), any other ids looked up; every answer is checked
 * against SQLite's own lookup, one id at a time.
 */
const dir = tempDir('headroom-example-ids-');
const N = 30_000;

async function projectWith(name: string, ids: string[]): Promise<string> {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `id,label,prediction\n${ids.map((id) => `${id},a,b`).join('\n')}\n`);
  const project = join(dir, `${name}.headroom`);
  await runImport({ project, file });
  return project;
}

/** The position SQLite finds for each id (-1: none), the reference every answer is held to. */
function truth(db: Database.Database, ids: readonly string[]): number[] {
  const find = db.prepare<[string], number>('SELECT pos FROM examples WHERE id = ?').pluck();
  return ids.map((id) => find.get(id) ?? -1);
}

function savedLayout(db: Database.Database): unknown {
  const text = db
    .prepare<[], string>("SELECT value FROM meta WHERE key = 'example_ids'")
    .pluck()
    .get();
  return text === undefined ? undefined : JSON.parse(text);
}

/** Ids to ask for: known ones in a shuffled order, repeats, and ids no example has. */
function asked(known: readonly string[], strangers: readonly string[]): string[] {
  const random = rng(7);
  const out = Array.from({ length: 20_000 }, () => known[Math.floor(random() * known.length)]);
  return [...(out as string[]), ...strangers, known[0] as string];
}

const STRANGERS = [
  '0',
  '01',
  '+1',
  '1.0',
  ' 1',
  '',
  `${N + 1}`,
  '-1',
  'ex-1',
  '1e3',
  '99999999999999999',
];

describe('example ids to positions', () => {
  const numbered = Array.from({ length: N }, (_, i) => String(i + 1));
  const named = Array.from({ length: N }, (_, i) => `ex-${(i * 7919) % N}`);
  // Numbered from 1000, but two rows swapped: not the positions' own order.
  const swapped = Array.from({ length: N }, (_, i) =>
    String(1000 + (i === 5 ? 6 : i === 6 ? 5 : i)),
  );
  const projects: Record<string, string> = {};
  beforeAll(async () => {
    projects.numbered = await projectWith('numbered', numbered);
    projects.named = await projectWith('named', named);
    projects.swapped = await projectWith('swapped', swapped);
  });

  it('numbered ids are parsed once the layout is found, and the layout is kept in meta', () => {
    const db = new Database(projects.numbered as string);
    try {
      const ids = asked(numbered, STRANGERS);
      db.exec('BEGIN IMMEDIATE');
      const found = Array.from(idPositions(db, ids));
      db.exec('COMMIT');
      expect(found).toEqual(truth(db, ids));
      expect(found.filter((p) => p === -1).length).toBe(STRANGERS.length);
      expect(savedLayout(db)).toEqual({ n: N, firstId: '1', lastId: String(N), first: 1 });
    } finally {
      db.close();
    }
  });

  it('other ids are looked up, with the same answers, and the project noted as not numbered', () => {
    for (const [name, known] of [
      ['named', named],
      ['swapped', swapped],
    ] as const) {
      const db = new Database(projects[name] as string);
      try {
        const ids = asked(known, [...STRANGERS, '1005', '1006']);
        db.exec('BEGIN IMMEDIATE');
        const found = Array.from(idPositions(db, ids));
        db.exec('COMMIT');
        expect(found, name).toEqual(truth(db, ids));
        expect((savedLayout(db) as { first: unknown }).first, name).toBeNull();
      } finally {
        db.close();
      }
    }
  });

  it('a few ids are looked up without a scan and nothing is written outside a transaction', () => {
    const db = new Database(projects.named as string);
    try {
      db.exec("DELETE FROM meta WHERE key = 'example_ids'");
      const ids = ['ex-3', 'ex-0', 'nope'];
      expect(Array.from(idPositions(db, ids))).toEqual(truth(db, ids));
      expect(savedLayout(db)).toBeUndefined();
      // Many ids outside a write: found, not saved (a read must not write).
      const many = asked(named, []);
      expect(Array.from(idPositions(db, many))).toEqual(truth(db, many));
      expect(savedLayout(db)).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('a saved layout that does not match the examples is found again, never trusted', () => {
    const db = new Database(projects.numbered as string);
    try {
      const ids = asked(numbered, STRANGERS);
      for (const bogus of [
        { n: N, firstId: '1', lastId: String(N), first: 5 }, // wrong offset, same ends
        { n: N - 1, firstId: '1', lastId: String(N), first: 0 },
        { n: N, firstId: '1', lastId: String(N), first: 'x' },
        'not json',
      ]) {
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('example_ids', ?)").run(
          typeof bogus === 'string' ? bogus : JSON.stringify(bogus),
        );
        expect(Array.from(idPositions(db, ids)), JSON.stringify(bogus)).toEqual(truth(db, ids));
      }
    } finally {
      db.close();
    }
  });

  it('a resolver scans once the ids asked for add up, batch after batch', () => {
    const db = new Database(projects.numbered as string);
    try {
      db.exec("DELETE FROM meta WHERE key = 'example_ids'");
      db.exec('BEGIN IMMEDIATE');
      const resolve = idResolver(db);
      const all = asked(numbered, STRANGERS);
      const found: number[] = [];
      for (let at = 0; at < all.length; at += 3000) {
        found.push(...resolve(all.slice(at, at + 3000)));
      }
      db.exec('COMMIT');
      expect(found).toEqual(truth(db, all));
      expect((savedLayout(db) as { first: unknown }).first).toBe(1);
    } finally {
      db.close();
    }
  });
});
