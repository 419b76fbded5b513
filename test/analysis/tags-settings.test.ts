import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { DATASETS, tempDir, ok } from '../helpers.ts';

const dir = tempDir();
const project = join(dir, 'c10.headroom');

const report = (s: Service) => ok<Report>(s.dispatch('slices.report', {}));
/** The report with every figure, minus nothing: to compare an incrementally kept index with a fresh one. */
const fresh = async () => {
  const s = createService();
  await ok(s.dispatch('project.open', { path: project }));
  const r = await report(s);
  s.close();
  return r;
};

describe('tags, rules, HLP and weights through the service', () => {
  const service = createService();

  it('imports CIFAR-10', async () => {
    await ok(
      service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      }),
    );
    await ok(service.dispatch('project.open', { path: project }));
  });

  it('tags by ids and by rule; the kept index equals a rebuilt one', async () => {
    const before = await report(service);
    const r1 = await ok<{ added: number; created: boolean }>(
      service.dispatch('tags.apply', { tag: 'looked at', ids: ['0', '1', '2', '3'] }),
    );
    expect(r1).toEqual({ tag: 'looked at', added: 4, created: true });
    const r2 = await ok<{ added: number }>(
      service.dispatch('tags.apply', {
        tag: 'unsure cats',
        where: 'label = "cat" and confidence < 0.7',
      }),
    );
    expect(r2.added).toBeGreaterThan(20);
    const again = await ok<{ added: number }>(
      service.dispatch('tags.apply', { tag: 'looked at', ids: ['3', '4'] }),
    );
    expect(again.added).toBe(1);
    const removed = await ok<{ removed: number }>(
      service.dispatch('tags.remove', { tag: 'looked at', ids: ['0', '9'] }),
    );
    expect(removed.removed).toBe(1);
    const after = await report(service);
    expect(after.slices.length).toBe(before.slices.length + 2);
    expect(after.slices.find((s) => s.name === 'looked at')?.n).toBe(4);
    expect(after).toEqual(await fresh());
  });

  it('unknown ids and bad rules are typed errors that change nothing', async () => {
    const bad = await service.dispatch('tags.apply', { tag: 'x', ids: ['0', 'nope'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const rule = await service.dispatch('tags.apply', { tag: 'x', where: 'weather = 1' });
    expect(rule).toMatchObject({ ok: false, error: { code: 'BAD_RULE' } });
    const both = await service.dispatch('tags.apply', {
      tag: 'x',
      ids: ['0'],
      where: 'label = "cat"',
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const tags = await ok<{ tags: { name: string }[] }>(service.dispatch('tags.list', {}));
    expect(tags.tags.map((t) => t.name)).toEqual(['looked at', 'unsure cats']);
  });

  it('rename, merge, delete to trash and restore', async () => {
    await ok(service.dispatch('tags.rename', { from: 'looked at', to: 'seen' }));
    await ok(service.dispatch('tags.apply', { tag: 'seen later', ids: ['100', '0'] }));
    const merged = await ok<{ moved: number }>(
      service.dispatch('tags.merge', { from: 'seen later', into: 'seen' }),
    );
    expect(merged.moved).toBe(2);
    await ok(service.dispatch('tags.delete', { tag: 'unsure cats' }));
    let list = await ok<{ tags: { name: string; n: number }[]; trash: { name: string }[] }>(
      service.dispatch('tags.list', {}),
    );
    expect(list.tags).toEqual([
      { id: expect.any(Number), name: 'seen', n: 6, color: null, description: null },
    ]);
    expect(list.trash.map((t) => t.name).sort()).toEqual(['seen later', 'unsure cats']);
    const r = await report(service);
    expect(r.slices.some((s) => s.name === 'unsure cats')).toBe(false);
    await ok(service.dispatch('tags.restore', { tag: 'unsure cats' }));
    list = await ok(service.dispatch('tags.list', {}));
    expect(list.tags.map((t) => t.name)).toEqual(['seen', 'unsure cats']);
    expect(await report(service)).toEqual(await fresh());
  });

  it('an entered HLP and ease change the ranking, and persist', async () => {
    const before = await report(service);
    const target = before.slices.find((s) => s.name === 'label = ship');
    expect(target).toBeDefined();
    const rankBefore = before.slices.findIndex((s) => s.name === 'label = ship');
    await ok(
      service.dispatch('slices.settings', {
        slice: 'label = ship',
        hlp: { value: 0.999, n: 1000, source: 'expert re-labeling' },
      }),
    );
    let after = await report(service);
    const ship = after.slices.find((s) => s.name === 'label = ship');
    expect(ship?.hlp).toBe(0.999);
    expect(ship?.hlp_source).toBe('expert re-labeling');
    expect(ship?.hlp_n).toBe(1000);
    expect(ship?.gap).toBeCloseTo(0.999 - 0.969, 10);
    const rankAfter = after.slices.findIndex((s) => s.name === 'label = ship');
    expect(rankAfter).toBeLessThan(rankBefore);
    await ok(
      service.dispatch('slices.settings', { slice: 'label = ship', ease: 0, importance: 2 }),
    );
    after = await report(service);
    expect(after.slices.find((s) => s.name === 'label = ship')?.priority).toBe(0);
    expect(await fresh()).toEqual(after);
    const missing = await service.dispatch('slices.settings', { slice: 'no such slice', ease: 2 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the report a settings edit returns, kept across edits, equals a fresh one', async () => {
    // Reports reuse slice counts between settings edits: they must follow tag edits and undo.
    const edited = await ok<{ report: Report }>(
      service.dispatch('slices.settings', {
        slice: 'label = cat',
        hlp: { value: 0.95 },
        report: 'original',
      }),
    );
    expect(edited.report).toEqual(await fresh());
    await ok(service.dispatch('tags.apply', { tag: 'cats seen', where: 'label = "cat"' }));
    const tagged = await report(service);
    expect(tagged.slices.find((s) => s.name === 'cats seen')?.n).toBe(1000);
    expect(tagged).toEqual(await fresh());
    await ok(service.dispatch('tags.undo', {}));
    const undone = await ok<{ report: Report }>(
      service.dispatch('slices.settings', { slice: 'label = cat', hlp: null, report: 'original' }),
    );
    expect(undone.report.slices.find((s) => s.name === 'cats seen')).toBeUndefined();
    expect(undone.report).toEqual(await fresh());
  });

  it('saved rules become slices and are re-applied on open', async () => {
    const r = await ok<{ n: number }>(
      service.dispatch('rules.add', {
        name: 'unsure animals',
        expression: 'class_group = "animal" and confidence < 0.8',
      }),
    );
    expect(r.n).toBeGreaterThan(100);
    const slice = (await report(service)).slices.find((s) => s.kind === 'rule');
    expect(slice).toMatchObject({ name: 'unsure animals', n: r.n });
    expect((await fresh()).slices.find((s) => s.kind === 'rule')?.n).toBe(r.n);
    const dup = await service.dispatch('rules.add', {
      name: 'unsure animals',
      expression: 'label = "cat"',
    });
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    service.close();
  });
});
