import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import type { Report, SliceFigures } from '../../shared/report.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';

/**
 * Undo and redo of slice settings are kept in the project (settings_ops): they work across a
 * close and reopen of the file, like tag undo. CIFAR-10 test set, its class slices (HLP from
 * the human votes in the file).
 */
const dir = tempDir('headroom-settings-history-');
const project = join(dir, 'c10.headroom');

const report = (s: Service) => ok<Report>(s.dispatch('slices.report', {}));
const sliceOf = async (s: Service, id: string): Promise<SliceFigures> => {
  const found = (await report(s)).slices.find((x) => x.id === id);
  if (!found) throw new Error(`no slice ${id}`);
  return found;
};
const history = (s: Service) =>
  ok<{ undo: string | null; redo: string | null }>(s.dispatch('settings.history', {}));

async function reopened(s: Service): Promise<Service> {
  s.close();
  const next = createService();
  await ok(next.dispatch('project.open', { path: project }));
  return next;
}

describe('slice settings undo and redo, stored in the project', () => {
  let service = createService();
  let slice: SliceFigures;

  it('imports CIFAR-10 and has nothing to undo', async () => {
    await ok(
      service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      }),
    );
    await ok(service.dispatch('project.open', { path: project }));
    const found = (await report(service)).slices.find((x) => x.kind === 'class' && !x.hlp_entered);
    if (!found) throw new Error('no class slice');
    slice = found;
    expect(await history(service)).toEqual({ undo: null, redo: null });
    expect(await ok(service.dispatch('settings.undo', {}))).toEqual({ undone: null });
  });

  it('sets HLP then ease; undo and redo step through them', async () => {
    await ok(service.dispatch('slices.settings', { slice: slice.id, hlp: { value: 0.5 } }));
    await ok(service.dispatch('slices.settings', { slice: slice.id, ease: 3 }));
    expect(await sliceOf(service, slice.id)).toMatchObject({ hlp: 0.5, ease: 3 });
    expect(await history(service)).toEqual({ undo: `ease of ${slice.name}`, redo: null });

    const undone = await ok<{ undone: string; report: Report }>(
      service.dispatch('settings.undo', { report: 'original' }),
    );
    expect(undone.undone).toBe(`ease of ${slice.name}`);
    expect(undone.report.slices.find((x) => x.id === slice.id)).toMatchObject({
      ease: 1,
      hlp: 0.5,
    });
    expect(await ok(service.dispatch('settings.redo', {}))).toEqual({
      redone: `ease of ${slice.name}`,
    });
    expect(await sliceOf(service, slice.id)).toMatchObject({ hlp: 0.5, ease: 3 });
    await ok(service.dispatch('settings.undo', {}));
    expect(await history(service)).toEqual({
      undo: `HLP of ${slice.name}`,
      redo: `ease of ${slice.name}`,
    });
  });

  it('after a reopen, undo goes on where it was: back to the HLP from data', async () => {
    service = await reopened(service);
    expect(await history(service)).toEqual({
      undo: `HLP of ${slice.name}`,
      redo: `ease of ${slice.name}`,
    });
    expect(await ok(service.dispatch('settings.undo', {}))).toEqual({
      undone: `HLP of ${slice.name}`,
    });
    expect(await sliceOf(service, slice.id)).toMatchObject({
      hlp: slice.hlp,
      hlp_n: slice.hlp_n,
      hlp_entered: false,
      ease: 1,
    });
    expect(await report(service)).toEqual(await reportOfFreshService());
    // Redo order survives too: the HLP first, then the ease.
    service = await reopened(service);
    expect(await ok(service.dispatch('settings.redo', {}))).toEqual({
      redone: `HLP of ${slice.name}`,
    });
    expect(await ok(service.dispatch('settings.redo', {}))).toEqual({
      redone: `ease of ${slice.name}`,
    });
    expect(await sliceOf(service, slice.id)).toMatchObject({ hlp: 0.5, ease: 3 });
  });

  it('a new edit drops what was undone', async () => {
    await ok(service.dispatch('settings.undo', {}));
    await ok(service.dispatch('slices.settings', { slice: slice.id, importance: 2 }));
    expect(await history(service)).toEqual({ undo: `importance of ${slice.name}`, redo: null });
    expect(await ok(service.dispatch('settings.redo', {}))).toEqual({ redone: null });
    service.close();
    const db = new Database(project, { readonly: true });
    const states = db.prepare('SELECT what, state FROM settings_ops ORDER BY id').all() as {
      what: string;
      state: string;
    }[];
    db.close();
    expect(states).toEqual([
      { what: 'HLP', state: 'done' },
      { what: 'ease', state: 'dropped' },
      { what: 'importance', state: 'done' },
    ]);
  });
});

/** The report from a service that never saw the edits, only the file. */
async function reportOfFreshService(): Promise<Report> {
  const s = createService();
  try {
    await ok(s.dispatch('project.open', { path: project }));
    return await report(s);
  } finally {
    s.close();
  }
}
