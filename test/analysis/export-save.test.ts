import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, headroomCli, ok, tempDir } from '../helpers.ts';

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

  it('exports the report at a positive class and threshold: the CLI report --positive --threshold', async () => {
    const at = { positive: 'cat', threshold: 0.3 };
    const cli = headroomCli(
      dir,
      'report',
      project,
      '--positive',
      'cat',
      '--threshold',
      '0.3',
      '--format',
      'json',
    );
    expect(cli.err).toBe('');
    const expected = JSON.parse(cli.out) as Report;
    expect([expected.positive, expected.threshold]).toEqual(['cat', 0.3]);
    const file = await ok<{ text: string }>(
      service.dispatch('slices.export', { format: 'json', ...at }),
    );
    const json = JSON.parse(file.text) as Report;
    expect(json).toMatchObject({ ...expected, project: basename(project) });
    // Not the file's predictions: the threshold changed the figures.
    const plain = JSON.parse(
      (await ok<{ text: string }>(service.dispatch('slices.export', { format: 'json' }))).text,
    ) as Report;
    expect(json.overall.accuracy).not.toBe(plain.overall.accuracy);
    // The readable exports say which predictions they count.
    for (const format of ['md', 'csv'] as const) {
      const { text } = await ok<{ text: string }>(
        service.dispatch('slices.export', { format, ...at }),
      );
      expect(text.split('\n').slice(0, 3).join('\n')).toContain('cat when p >= 0.3');
    }
  });

  it('refuses a threshold without a positive class, or out of [0, 1], as slices.report does', async () => {
    for (const input of [{ threshold: 0.5 }, { positive: 'cat', threshold: 1.5 }]) {
      const report = await service.dispatch('slices.report', input);
      const exported = await service.dispatch('slices.export', { ...input, format: 'csv' });
      expect(report, JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      // The same refusal, in the same words.
      const reason = (env: typeof report) =>
        env.ok ? 'accepted' : env.error.message.split(': ').slice(1).join(': ');
      expect(reason(exported)).toBe(reason(report));
    }
  });
});
