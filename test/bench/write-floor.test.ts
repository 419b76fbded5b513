import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { generatePredictions, REPO, sha256, tempDir } from '../helpers.ts';

/**
 * bench:drop's floor (write-floor.ts) measures what the import binds and writes: on a generated
 * file of the benchmark's shape, 13 values a row (id, label, src_line and five metadata columns;
 * prediction and confidence; the human label's votes, agreement and count), every row, and it
 * leaves the project as it was.
 */
describe('test/bench/write-floor.ts', () => {
  it('binds and writes every row of a project, 13 values a row, and leaves the project untouched', async () => {
    const dir = tempDir('headroom-write-floor-');
    generatePredictions(dir, 3000);
    const project = join(dir, 'p.headroom');
    const s = await runImport({ project, file: join(dir, 'examples.csv') });
    expect(s.rowsImported).toBe(3000);
    const before = sha256(project);
    const scratch = join(dir, 'floor.db');
    const r = spawnSync(
      process.execPath,
      [join(REPO, 'test/bench/write-floor.ts'), project, scratch],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(out).toMatchObject({ rows: 3000, values: 3000 * 13 });
    expect(out.sqliteS).toBeGreaterThan(0);
    expect(out.bindS).toBeGreaterThan(0);
    expect(out.floorS).toBeCloseTo((out.sqliteS as number) + (out.bindS as number), 9);
    expect(sha256(project)).toBe(before);
    expect(existsSync(scratch)).toBe(false);
  });
});
