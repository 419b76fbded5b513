import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { samplePaths } from '../../electron/core/sample/sample-files.ts';
import { defaultConfigDir } from '../../electron/core/app/config-dir.ts';
import { addRecent, MAX_RECENT, readRecentPaths } from '../../electron/core/app/recent.ts';
import { generateSampleCsv, SAMPLE_ROWS } from '../../electron/core/sample/sample-data.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { dumpHash } from '../db-dump.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';

const dir = tempDir('headroom-app-');

describe('config folder', () => {
  it('is $XDG_CONFIG_HOME/headroom, else ~/.config/headroom', () => {
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/u')).toBe('/x/cfg/headroom');
    expect(defaultConfigDir({}, '/home/u')).toBe('/home/u/.config/headroom');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/headroom',
    );
  });
});

describe('recent projects', () => {
  it('opening and importing record a project; missing files are dropped; forget removes one', async () => {
    const config = join(dir, 'cfg1');
    const service = createService({ configDir: config });
    try {
      const a = join(dir, 'a.headroom');
      const b = join(dir, 'b.headroom');
      const file = join(DATASETS, 'chaosnli/chaosnli_snli_mnli.csv');
      await ok(service.dispatch('imports.run', { project: a, file }));
      await ok(service.dispatch('imports.run', { project: b, file }));
      await ok(service.dispatch('project.open', { path: a }));
      type Recent = { projects: { path: string; name: string }[] };
      let r = await ok<Recent>(service.dispatch('app.recent', {}));
      expect(r.projects.map((p) => p.path)).toEqual([a, b]);
      expect(r.projects[0]?.name).toBe('a.headroom');

      await ok(service.dispatch('project.close', {}));
      rmSync(a);
      r = await ok<Recent>(service.dispatch('app.recent', {}));
      expect(r.projects.map((p) => p.path)).toEqual([b]);
      expect(readRecentPaths(config)).toEqual([b]); // dropped from the file too

      await ok(service.dispatch('app.forgetRecent', { path: b }));
      expect((await ok<Recent>(service.dispatch('app.recent', {}))).projects).toEqual([]);
    } finally {
      service.close();
    }
  });

  it('keeps 10 paths, newest first, without duplicates', () => {
    const config = join(dir, 'cfg2');
    for (let i = 0; i < 14; i++) addRecent(config, `/p/${i}.headroom`);
    addRecent(config, '/p/5.headroom');
    const list = readRecentPaths(config);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe('/p/5.headroom');
    expect(list[1]).toBe('/p/13.headroom');
    expect(new Set(list).size).toBe(list.length);
  });

  it('a corrupt or foreign file is an empty list, and is replaced on the next add', async () => {
    const config = join(dir, 'cfg3');
    mkdirSync(config, { recursive: true });
    for (const bad of [
      '{not json',
      '[1,2]',
      '{"projects": "x"}',
      '{"projects": [1, null, ""]}',
      '',
    ]) {
      writeFileSync(join(config, 'recent-projects.json'), bad);
      expect(readRecentPaths(config), bad).toEqual([]);
      const service = createService({ configDir: config });
      expect(await service.dispatch('app.recent', {})).toEqual({
        ok: true,
        value: { projects: [] },
      });
      service.close();
    }
    addRecent(config, '/p/x.headroom');
    expect(readRecentPaths(config)).toEqual(['/p/x.headroom']);
  });

  it('a service without a config folder records nothing', async () => {
    const service = createService();
    try {
      expect(await service.dispatch('app.recent', {})).toEqual({
        ok: true,
        value: { projects: [] },
      });
      const r = await service.dispatch('app.openSample', {});
      expect(r.ok).toBe(false);
    } finally {
      service.close();
    }
  });
});

describe('the bundled sample', () => {
  it('is the same bytes every time', () => {
    const a = generateSampleCsv();
    const b = generateSampleCsv();
    expect(a).toBe(b);
    expect(a.split('\n').filter(Boolean)).toHaveLength(SAMPLE_ROWS + 1);
    expect(createHash('sha256').update(a).digest('hex')).toBe(
      createHash('sha256').update(generateSampleCsv(SAMPLE_ROWS)).digest('hex'),
    );
    expect(generateSampleCsv(100, 1)).not.toBe(generateSampleCsv(100, 2));
  });

  it('app.openSample imports it with 0 rejects, opens it, and shows slices much worse than others', async () => {
    const config = join(dir, 'cfg-sample');
    const service = createService({ configDir: config });
    try {
      const info = await ok<{ path: string; examples: number; imports: { rejected?: number }[] }>(
        service.dispatch('app.openSample', {}),
      );
      const { csv, project } = samplePaths(config);
      expect(info.path).toBe(project);
      expect(info.examples).toBe(SAMPLE_ROWS);
      expect(readFileSync(csv, 'utf8')).toBe(generateSampleCsv());
      const report = await ok<Report>(service.dispatch('slices.report', {}));
      const slice = (name: string) => {
        const s = report.slices.find((x) => x.name === name);
        if (!s) throw new Error(`no slice ${name}: ${report.slices.map((x) => x.name).join(', ')}`);
        return s;
      };
      const overall = report.overall.accuracy ?? 0;
      // Phone transcripts: the model is much worse, and humans are weaker too.
      expect(slice('channel = phone').accuracy).toBeLessThan(overall - 0.1);
      expect(slice('channel = phone').hlp).toBeLessThan(slice('channel = email').hlp ?? 0);
      // German: a model problem only, so the largest gap.
      expect(slice('language = de').gap).toBeGreaterThan(0.15);
      expect(slice('language = en').gap).toBeLessThan(0.1);
      expect(report.slices.some((s) => s.kind === 'class')).toBe(true);

      // Second time: the cached project is opened, not imported again.
      const again = await ok<{ imports: unknown[] }>(service.dispatch('app.openSample', {}));
      expect(again.imports).toHaveLength(1);
      const recent = await ok<{ projects: { path: string }[] }>(service.dispatch('app.recent', {}));
      expect(recent.projects[0]?.path).toBe(project);
    } finally {
      service.close();
    }
  });

  it('imports through the CLI path with 0 rejected rows', async () => {
    const file = join(dir, 'sample.csv');
    writeFileSync(file, generateSampleCsv());
    const service = createService();
    try {
      const s = await ok<{ rowsRejected: number; rowsImported: number }>(
        service.dispatch('imports.run', { project: join(dir, 's.headroom'), file }),
      );
      expect(s.rowsRejected).toBe(0);
      expect(s.rowsImported).toBe(SAMPLE_ROWS);
      expect(existsSync(join(dir, 's.headroom'))).toBe(true);
    } finally {
      service.close();
    }
  });
});

describe('discarding an import', () => {
  it('deletes a project the import created, leaving the folder as before; refuses any other', async () => {
    const config = join(dir, 'cfg-discard');
    const service = createService({ configDir: config });
    try {
      const project = join(dir, 'discard-me.headroom');
      const file = join(DATASETS, 'chaosnli/chaosnli_snli_mnli.csv');
      const s = await ok<{ importId: number; project: string }>(
        service.dispatch('imports.run', { project, file }),
      );
      await ok(service.dispatch('project.open', { path: project }));
      // Someone else's file, or an id that is not this import: refused, nothing deleted.
      expect(
        (await service.dispatch('imports.discard', { importId: s.importId + 1, project })).ok,
      ).toBe(false);
      const other = join(dir, 'other.headroom');
      writeFileSync(other, 'not ours');
      expect(
        (await service.dispatch('imports.discard', { importId: s.importId, project: other })).ok,
      ).toBe(false);
      expect(readFileSync(other, 'utf8')).toBe('not ours');

      const d = await ok<{ deleted: string }>(
        service.dispatch('imports.discard', { importId: s.importId, project }),
      );
      expect(d.deleted).toBe(project);
      for (const suffix of ['', '-wal', '-shm']) expect(existsSync(project + suffix)).toBe(false);
      expect(readRecentPaths(config)).not.toContain(project);
      expect((await service.dispatch('project.info', {})).ok).toBe(false); // it was closed
      // Only once.
      expect(
        (await service.dispatch('imports.discard', { importId: s.importId, project })).ok,
      ).toBe(false);
    } finally {
      service.close();
    }
  });
});

describe('discarding an import into an existing project', () => {
  it('restores the snapshot taken before it: the dump equals the one before the import', async () => {
    const service = createService();
    try {
      const project = join(dir, 'existing.headroom');
      const sample = join(dir, 'existing.csv');
      writeFileSync(sample, generateSampleCsv(400));
      await ok(service.dispatch('imports.run', { project, file: sample }));
      await ok(service.dispatch('project.open', { path: project }));
      const run = join(dir, 'baseline.csv');
      const ids = generateSampleCsv(400)
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(',')[0]);
      writeFileSync(run, `id,prediction\n${ids.map((id) => `${id},billing`).join('\n')}\n`);
      await ok(service.dispatch('project.close', {}));
      const before = dumpHash(project);

      const copies = () => readdirSync(dir).filter((f) => f.includes('before-import'));
      const s = await ok<{ importId: number; kind: string }>(
        service.dispatch('imports.run', {
          project,
          file: run,
          kind: 'run',
          name: 'baseline',
          discardable: true,
        }),
      );
      expect(s.kind).toBe('run');
      expect(copies()).toHaveLength(1);
      await ok(service.dispatch('project.open', { path: project }));
      expect(dumpHash(project)).not.toBe(before);

      // Another project's discard is refused; this one's leaves the project as before.
      expect(
        (
          await service.dispatch('imports.discard', {
            importId: s.importId,
            project: join(dir, 'discard-me.headroom'),
          })
        ).ok,
      ).toBe(false);
      const d = await ok<{ restored: string | null; deleted: string | null }>(
        service.dispatch('imports.discard', { importId: s.importId, project }),
      );
      expect(d).toEqual({ restored: project, deleted: null });
      expect(dumpHash(project)).toBe(before);
      expect(copies()).toEqual([]);
      // The restored project opens and has one run again.
      const info = await ok<{ runs: unknown[] }>(
        service.dispatch('project.open', { path: project }),
      );
      expect(info.runs).toHaveLength(1);

      // Not discardable (no copy asked for): refused, the import stays.
      const plain = await ok<{ importId: number }>(
        service.dispatch('imports.run', { project, file: run, kind: 'run', name: 'plain' }),
      );
      expect(copies()).toEqual([]);
      expect(
        (await service.dispatch('imports.discard', { importId: plain.importId, project })).ok,
      ).toBe(false);

      // Kept: the copy taken before the import is removed.
      const kept = await ok<{ importId: number }>(
        service.dispatch('imports.run', {
          project,
          file: run,
          kind: 'run',
          name: 'kept',
          discardable: true,
        }),
      );
      expect(copies()).toHaveLength(1);
      await ok(service.dispatch('imports.keep', { importId: kept.importId, project }));
      expect(copies()).toEqual([]);
      expect(
        (await service.dispatch('imports.discard', { importId: kept.importId, project })).ok,
      ).toBe(false);
      const runs = await ok<{ runs: { name: string }[] }>(service.dispatch('runs.list', {}));
      expect(runs.runs.map((r) => r.name).slice(1)).toEqual(['plain', 'kept']);
    } finally {
      service.close();
    }
  });
});
