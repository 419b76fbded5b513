import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';

/** slices.export with a path: the desktop app's save dialog hands the engine where to write. */
describe('saving the exported table to a path', () => {
  const dir = tempDir('headroom-export-');
  const project = join(dir, 'c10.headroom');
  const out = join(dir, 'out');
  const service = createService();

  beforeAll(async () => {
    await ok(
      service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      }),
    );
    await ok(service.dispatch('project.open', { path: project }));
    mkdirSync(out);
  }, 120_000);
  afterAll(() => service.close());

  it('writes each format to the chosen file, the same text the download gets', async () => {
    for (const format of ['md', 'csv', 'json'] as const) {
      const path = join(out, `table.${format}`);
      const saved = await ok<{ text: string; savedTo: string }>(
        service.dispatch('slices.export', { format, path }),
      );
      expect(saved.savedTo).toBe(path);
      expect(readFileSync(path, 'utf8')).toBe(saved.text);
    }
    const json = JSON.parse(readFileSync(join(out, 'table.json'), 'utf8')) as Report;
    // The report at full precision, named by the project's file name (never its local path).
    const report = await ok<Report>(service.dispatch('slices.report', {}));
    expect(json).toMatchObject({ ...report, project: basename(report.project) });
    expect(JSON.stringify(json)).not.toContain(report.project);
    // Saving again replaces the file whole; no temporary file is left beside it.
    await ok(service.dispatch('slices.export', { format: 'md', path: join(out, 'table.md') }));
    expect(readdirSync(out).sort()).toEqual(['table.csv', 'table.json', 'table.md']);
  });

  it('refuses a relative path, a missing folder and a folder, writing nothing', async () => {
    const cases: [string, string][] = [
      ['table.md', 'INVALID_INPUT'],
      [join(dir, 'no such folder', 'table.md'), 'NOT_FOUND'],
      [out, 'NOT_A_FILE'],
    ];
    for (const [path, code] of cases) {
      const env = await service.dispatch('slices.export', { format: 'md', path });
      expect(env).toMatchObject({ ok: false, error: { code } });
      if (!env.ok) expect(env.error.message).toContain(path);
    }
    expect(readdirSync(out).sort()).toEqual(['table.csv', 'table.json', 'table.md']);
  });
});
