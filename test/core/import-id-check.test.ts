import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportProgress } from '../../shared/imports.ts';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_ID_INDEX } from '../../electron/core/db/migrations/015-examples-id-index.ts';
import { importWithIdCheck, runImport } from '../../electron/core/importers/import-job.ts';
import { DuplicateIds } from '../../electron/core/importers/write-examples.ts';
import { dumpHash, integrity } from '../db-dump.ts';
import { rng, tempDir } from '../helpers.ts';

/**
 * The first import builds the id index once its rows are in (write-examples.ts IdCheck 'at the
 * end'); a file that repeats an id is read again with the index in place ('checked'). Both must
 * give the same project as the checked load alone, row for row, and reject the same lines.
 */
const dir = tempDir('headroom-id-check-');
const CLASSES = ['cat', 'dog', 'bird'];
const DEVICES = ['phone', 'tablet', 'kiosk'];

interface Made {
  path: string;
  /** Line of each rejected row -> the line of its id's first row (duplicates only). */
  duplicates: Map<number, number>;
  emptyLabels: number[];
}

/** n rows with random hex ids; `repeats` later rows reuse an earlier row's id. */
function makeFile(name: string, n: number, repeats: number, seed: number): Made {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const hex = () =>
    Array.from({ length: 12 }, () => Math.floor(random() * 16).toString(16)).join('');
  const ids: string[] = [];
  const firstLine = new Map<string, number>();
  const duplicates = new Map<number, number>();
  const emptyLabels: number[] = [];
  const lines = ['id,label,prediction,confidence,human_label,device,snr'];
  const repeatAt = new Set<number>();
  while (repeatAt.size < repeats) repeatAt.add(1 + Math.floor(random() * (n - 1)));
  // Two repeats next to each other (one batch of the load) and one of the row just before.
  if (repeats > 0) repeatAt.add(n - 1);
  for (let i = 0; i < n; i++) {
    const line = i + 2;
    const id =
      repeatAt.has(i) && ids.length > 0
        ? random() < 0.3
          ? (ids[ids.length - 1] as string)
          : pick(ids)
        : hex();
    let label = pick(CLASSES);
    if (random() < 0.002) {
      label = '';
      emptyLabels.push(line);
    } else {
      const first = firstLine.get(id);
      if (first === undefined) firstLine.set(id, line);
      else duplicates.set(line, first);
    }
    ids.push(id);
    const prediction = random() < 0.8 ? label || 'cat' : pick(CLASSES);
    lines.push(
      [
        id,
        label,
        prediction,
        random().toFixed(4),
        random() < 0.9 ? label || 'dog' : pick(CLASSES),
        pick(DEVICES),
        (random() * 30).toFixed(2),
      ].join(','),
    );
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, duplicates, emptyLabels };
}

function idIndexes(path: string): { name: string; unique: number; origin: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], { name: string; unique: number; origin: string }>(
        'SELECT name, "unique", origin FROM pragma_index_list(\'examples\')',
      )
      .all();
  } finally {
    db.close();
  }
}

describe('the first import checks ids once its rows are in', () => {
  it('a file without repeated ids: one pass, the same project as the checked load', async () => {
    const made = makeFile('unique.csv', 20_000, 0, 1);
    const fast = join(dir, 'unique-fast.headroom');
    const checked = join(dir, 'unique-checked.headroom');
    const progress: ImportProgress[] = [];
    const a = await importWithIdCheck(
      { project: fast, file: made.path },
      { onProgress: (p) => progress.push(p) },
      'at the end',
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.again !== true)).toBe(true);
    // Once every row is in, one event says the import is finishing (ids checked, index saved,
    // file synced: seconds for millions of rows), then the last one after the commit.
    const finishing = progress.flatMap((p, i) => (p.finishing ? [i] : []));
    expect(finishing).toEqual([progress.length - 2]);
    expect(progress[progress.length - 2]?.rows).toBe(a.rowsImported);
    expect(progress[progress.length - 1]).toMatchObject({ rows: a.rowsImported });
    expect(progress[progress.length - 1]?.finishing).toBeUndefined();
    const b = await importWithIdCheck({ project: checked, file: made.path }, {}, 'checked');
    expect(a.rowsImported).toBe(20_000 - made.emptyLabels.length);
    expect(a.rejects.map((r) => r.line)).toEqual(made.emptyLabels);
    expect({ ...a, elapsedMs: 0, rowsPerSec: 0, project: '' }).toEqual({
      ...b,
      elapsedMs: 0,
      rowsPerSec: 0,
      project: '',
    });
    expect(dumpHash(fast)).toBe(dumpHash(checked));
    for (const p of [fast, checked]) {
      expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
      expect(idIndexes(p)).toEqual([{ name: EXAMPLES_ID_INDEX, unique: 1, origin: 'c' }]);
    }
  });

  it('a file with repeated ids: the fast pass refuses and leaves nothing; runImport rejects each repeat at its line', async () => {
    const made = makeFile('repeats.csv', 20_000, 40, 2);
    expect(made.duplicates.size).toBeGreaterThanOrEqual(30);
    const fast = join(dir, 'repeats-fast.headroom');
    await expect(
      importWithIdCheck({ project: fast, file: made.path }, {}, 'at the end'),
    ).rejects.toBeInstanceOf(DuplicateIds);
    expect(existsSync(fast)).toBe(false);
    expect(existsSync(`${fast}.importing`)).toBe(false);

    const seen: { rows: number; again: boolean }[] = [];
    const s = await runImport(
      { project: fast, file: made.path },
      { onProgress: (p) => seen.push({ rows: p.rows, again: p.again === true }) },
    );
    const checked = join(dir, 'repeats-checked.headroom');
    await importWithIdCheck({ project: checked, file: made.path }, {}, 'checked');
    expect(dumpHash(fast)).toBe(dumpHash(checked));
    expect(idIndexes(fast)).toEqual([{ name: EXAMPLES_ID_INDEX, unique: 1, origin: 'c' }]);
    expect(s.rowsRejected).toBe(made.duplicates.size + made.emptyLabels.length);
    expect(s.rowsImported).toBe(20_000 - s.rowsRejected);
    // Every rejected repeat names the line of its id's first row (the import log has them all).
    const db = new Database(fast, { readonly: true });
    try {
      const logged = db
        .prepare<[], { line: number; reason: string }>(
          'SELECT line, reason FROM import_rejects ORDER BY seq',
        )
        .all();
      const dupes = logged.filter((r) => r.reason.startsWith('duplicate id'));
      expect(dupes.map((r) => r.line)).toEqual([...made.duplicates.keys()].sort((x, y) => x - y));
      for (const r of dupes)
        expect(r.reason).toMatch(new RegExp(`\\(first on line ${made.duplicates.get(r.line)}\\)$`));
      // Positions stay dense: 0..N-1 in file order.
      const pos = db
        .prepare<[], number>('SELECT pos FROM examples ORDER BY src_line')
        .pluck()
        .all();
      expect(pos).toEqual(pos.map((_p, i) => i));
    } finally {
      db.close();
    }
    // The first reading's progress, then the second's, which says so (and counts from 0 again).
    expect(seen.some((p) => !p.again)).toBe(true);
    const again = seen.filter((p) => p.again);
    expect(again.length).toBeGreaterThan(0);
    expect(again[again.length - 1]?.rows).toBe(s.rowsImported);
    expect(seen.findIndex((p) => p.again)).toBeGreaterThan(seen.findLastIndex((p) => !p.again));
  });
});
