import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVotes, voteClasses, voteShare } from '../../electron/core/analysis/human-votes.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * The one reader of stored human votes (human-votes.ts) gives back, for every CIFAR-10 example,
 * the counts of the file's human_votes_<class> columns, and the share of the given label is the
 * file's votes for it over all its votes.
 */
describe('stored human votes read back as the file gave them (CIFAR-10)', () => {
  const dir = tempDir('headroom-human-votes-');
  const project = join(dir, 'c10.headroom');
  const csv = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  const service = createService();

  beforeAll(async () => {
    await ok(service.dispatch('imports.run', { project, file: csv }));
  }, 120_000);
  afterAll(() => service.close());

  it('every example: votes per class and the share of its label', () => {
    const rows = readSimpleCsv(csv);
    const columns = Object.keys(rows[0] ?? {}).filter((c) => c.startsWith('human_votes_'));
    expect(columns.length).toBe(10);
    const db = new Database(project, { readonly: true });
    try {
      const set = db.prepare('SELECT id, classes FROM human_sets ORDER BY id LIMIT 1').get() as {
        id: number;
        classes: string | null;
      };
      const classes = voteClasses(set.classes);
      const stored = new Map(
        (
          db
            .prepare(
              'SELECT e.id, h.votes FROM human_annotations h JOIN examples e ON e.pos = h.pos WHERE h.set_id = ?',
            )
            .all(set.id) as { id: string; votes: string | null }[]
        ).map((r) => [r.id, r.votes]),
      );
      let checked = 0;
      for (const row of rows) {
        const fromFile = new Map(
          columns
            .map((c) => [c.slice('human_votes_'.length), Number(row[c])] as const)
            .filter(([, v]) => v > 0),
        );
        if (fromFile.size === 0) continue;
        const votes = parseVotes(stored.get(row.id as string) ?? null, classes);
        const nonZero = new Map([...(votes ?? [])].filter(([, v]) => v > 0));
        expect([row.id, nonZero]).toEqual([row.id, fromFile]);
        const total = [...fromFile.values()].reduce((a, b) => a + b, 0);
        expect(voteShare(votes, row.label as string)).toBe(
          (fromFile.get(row.label as string) ?? 0) / total,
        );
        checked++;
      }
      expect(checked).toBeGreaterThan(9000);
    } finally {
      db.close();
    }
  });

  it('no votes, or only zeros, give no share', () => {
    expect(parseVotes(null, ['a'])).toBeNull();
    expect(voteShare(parseVotes('[0, 0]', ['a', 'b']), 'a')).toBeNull();
    // An array needs the set's classes; an object names its own.
    expect(parseVotes('[1, 2]', null)).toBeNull();
    expect(voteShare(parseVotes('{"a": 1, "b": 3}', null), 'b')).toBe(0.75);
  });
});
