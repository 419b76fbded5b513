import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { sha256, tempDir } from '../helpers.ts';

const dir = tempDir();

/** A CSV of several MB, so the import is still reading when the file is changed under it. */
function bigCsv(name: string, rows = 120_000): string {
  const path = join(dir, name);
  const lines = ['id,label,prediction,confidence,note'];
  for (let i = 0; i < rows; i++)
    lines.push(`${i},c${i % 7},c${i % 5},0.${i % 10},some text to make the line longer ${i}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function failure(p: Promise<unknown>): Promise<HeadroomError> {
  const err = await p.then(
    () => new Error('expected the import to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HeadroomError);
  return err as HeadroomError;
}

describe('a file that changes during import (I-07)', () => {
  const cases: [string, (path: string) => void][] = [
    ['appended to', (p) => appendFileSync(p, '999999,x,x,0.5,late\n')],
    ['truncated', (p) => truncateSync(p, 1_000)],
    [
      'replaced by a rename',
      (p) => {
        writeFileSync(`${p}.new`, 'id,label,prediction\n1,a,a\n');
        renameSync(`${p}.new`, p);
      },
    ],
  ];
  for (const [what, change] of cases) {
    it(`${what}: FILE_CHANGED and no project`, async () => {
      const file = bigCsv(`${what.replace(/\W/g, '-')}.csv`);
      const project = join(dir, `${what.replace(/\W/g, '-')}.headroom`);
      let changed = false;
      const err = await failure(
        runImport(
          { project, file },
          {
            onProgress: () => {
              if (changed) return;
              changed = true;
              change(file);
            },
          },
        ),
      );
      expect(changed).toBe(true);
      expect(err.code).toBe('FILE_CHANGED');
      expect(err.message).toMatch(/changed during import|became shorter/);
      const { existsSync } = await import('node:fs');
      expect(existsSync(project)).toBe(false);
    });
  }

  it('an existing project is left byte-identical', async () => {
    const project = join(dir, 'existing.headroom');
    await runImport({ project, file: bigCsv('base.csv', 1000) });
    const before = sha256(project);
    const tags = join(dir, 'tags.csv');
    writeFileSync(
      tags,
      `example_id,tag\n${Array.from({ length: 200_000 }, (_, i) => `${i % 1000},t${i % 13}`).join('\n')}\n`,
    );
    let changed = false;
    const err = await failure(
      runImport(
        { project, file: tags, kind: 'tags' },
        {
          onProgress: () => {
            if (!changed) appendFileSync(tags, '1,late\n');
            changed = true;
          },
        },
      ),
    );
    expect(err.code).toBe('FILE_CHANGED');
    expect(sha256(project)).toBe(before);
  });
});

describe('progress and cancel', () => {
  it('reports progress while it reads, and a cancel stops it before the next progress step', async () => {
    const file = bigCsv('cancel.csv', 600_000);
    const project = join(dir, 'cancel.headroom');
    const controller = new AbortController();
    const events: { rows: number; bytes: number; rowsPerSec: number; at: number }[] = [];
    const started = Date.now();
    let cancelledAt = 0;
    let afterCancel = 0;
    const err = await failure(
      runImport(
        { project, file },
        {
          signal: controller.signal,
          onProgress: (p) => {
            events.push({
              rows: p.rows,
              bytes: p.bytes,
              rowsPerSec: p.rowsPerSec,
              at: Date.now() - started,
            });
            if (cancelledAt > 0) afterCancel++;
            if (p.rows > 0 && cancelledAt === 0 && events.length >= 3) {
              cancelledAt = Date.now();
              controller.abort();
            }
          },
        },
      ),
    );
    expect(err.code).toBe('CANCELLED');
    expect(cancelledAt).toBeGreaterThan(0);
    // Tied to the import's own steps, not to the clock: once cancelled it reads no further
    // (a wall-clock bound would measure how busy the machine is).
    expect(afterCancel, 'progress events after the cancel').toBe(0);
    expect(events.length).toBeGreaterThanOrEqual(3);
    const rows = events.map((e) => e.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(events.at(-1)?.rowsPerSec).toBeGreaterThan(0);
    const { existsSync } = await import('node:fs');
    expect(existsSync(project)).toBe(false);
  });
});
