import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import type { Report } from '../../shared/report.ts';
import { generateLoans, writeLoanFiles } from '../fixtures/loan-generator.ts';
import { headroomCli, ok, tempDir } from '../helpers.ts';

/**
 * Targets, requirements and the default reference share the settings' undo history (kept in
 * the project, so it survives a reopen): the loan project (no humans, runs new and old).
 */
const dir = tempDir('headroom-baseline-undo-');
const project = join(dir, 'loans.headroom');

const report = (s: Service) => ok<Report>(s.dispatch('slices.report', {}));
const slice = async (s: Service, name: string) => {
  const found = (await report(s)).slices.find((x) => x.name === name);
  if (!found) throw new Error(`no slice ${name}`);
  return found;
};
const undo = (s: Service) => ok<{ undone: string | null }>(s.dispatch('settings.undo', {}));
const redo = (s: Service) => ok<{ redone: string | null }>(s.dispatch('settings.redo', {}));

async function reopened(s: Service): Promise<Service> {
  s.close();
  const next = createService();
  await ok(next.dispatch('project.open', { path: project }));
  return next;
}

beforeAll(() => {
  const files = writeLoanFiles(dir, generateLoans());
  expect(
    headroomCli(dir, 'import', files.examples, '--project', project, '--run', 'new').code,
  ).toBe(0);
  expect(
    headroomCli(dir, 'import', files.old, '--project', project, '--as', 'run', '--run', 'old').code,
  ).toBe(0);
}, 120_000);

describe('baseline settings undo and redo', () => {
  let service = createService();

  it('a target, a requirement and the reference are undone newest first, and redone', async () => {
    await ok(service.dispatch('project.open', { path: project }));
    const before = await report(service);
    expect(before.reference).toBe('best');
    await ok(
      service.dispatch('baselines.setTarget', {
        slice: 'age_band = 18-25',
        value: 0.97,
        source: 'policy',
      }),
    );
    await ok(
      service.dispatch('baselines.setRequirement', { scope: 'age_band=*', text: '>= 0.85' }),
    );
    await ok(service.dispatch('baselines.setReference', { reference: 'run:old' }));

    const young = await slice(service, 'age_band = 18-25');
    expect(young.baselines?.find((b) => b.source === 'target')?.value).toBe(0.97);
    expect(young.requirement).toBe('>= 0.85');
    expect((await report(service)).reference).toBe('run:old');

    expect((await undo(service)).undone).toBe('reference of the project');
    expect((await report(service)).reference).toBe('best');
    expect((await undo(service)).undone).toBe('requirement of every slice of age_band');
    expect((await slice(service, 'age_band = 18-25')).requirement).toBeNull();

    // Across a reopen: the history is in the file.
    service = await reopened(service);
    expect((await undo(service)).undone).toBe('target of age_band = 18-25');
    const cleared = await slice(service, 'age_band = 18-25');
    expect(cleared.baselines?.some((b) => b.source === 'target')).toBe(false);
    expect(cleared).toEqual(before.slices.find((x) => x.name === 'age_band = 18-25'));

    expect((await redo(service)).redone).toBe('target of age_band = 18-25');
    expect((await redo(service)).redone).toBe('requirement of every slice of age_band');
    const back = await slice(service, 'age_band = 18-25');
    expect(back.baselines?.find((b) => b.source === 'target')?.value).toBe(0.97);
    expect(back.requirement).toBe('>= 0.85');
    expect((await report(service)).reference).toBe('best');
  });

  it('clearing what is not there leaves no undo step; clearing what is can be undone', async () => {
    const none = await ok<{ cleared: boolean }>(
      service.dispatch('baselines.clearTarget', { slice: 'region = south' }),
    );
    expect(none.cleared).toBe(false);
    expect(
      await ok<{ undo: string | null }>(service.dispatch('settings.history', {})),
    ).toMatchObject({ undo: 'requirement of every slice of age_band' });
    await ok(service.dispatch('baselines.clearRequirement', { scope: 'age_band=*' }));
    expect((await slice(service, 'age_band = 18-25')).requirement).toBeNull();
    expect((await undo(service)).undone).toBe('requirement of every slice of age_band');
    expect((await slice(service, 'age_band = 18-25')).requirement).toBe('>= 0.85');
    service.close();
  });
});
