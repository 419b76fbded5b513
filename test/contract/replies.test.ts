import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods, type MethodName } from '../../shared/contract.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, tempDir } from '../helpers.ts';

const dir = tempDir();
const CIFAR = join(DATASETS, 'cifar10_test/cifar10_test.csv');

describe('every contract method on a real project (CIFAR-10)', () => {
  it('answers ok, and its reply parses with the method output schema, nothing left over', async () => {
    const service = createService({ configDir: join(dir, 'config') });
    const called = new Set<MethodName>();
    /** Calls through the transports' door, then checks the reply against the output schema. */
    const reply = async (method: MethodName, input: unknown): Promise<unknown> => {
      const env = await service.dispatch(method, input);
      expect(env, `${method} ${JSON.stringify(env).slice(0, 300)}`).toMatchObject({ ok: true });
      if (!env.ok) throw new Error(env.error.message);
      const parsed = methods[method].output.safeParse(env.value);
      expect(parsed.success, `${method}: ${parsed.error?.message}`).toBe(true);
      // Nothing the schema does not declare (an object schema would silently drop it).
      expect(parsed.data, method).toEqual(env.value);
      called.add(method);
      return env.value;
    };
    const project = join(dir, 'cifar10.headroom');
    /** Another run of the same predictions, held for keep or discard. */
    const addRun = async (name: string) =>
      (await reply('imports.run', {
        project,
        file: CIFAR,
        kind: 'run',
        name,
        discardable: true,
      })) as { importId: number };
    try {
      await reply('app.recent', {});
      await reply('imports.preview', { file: CIFAR, rows: 5 });
      const first = (await reply('imports.run', { project, file: CIFAR, jobId: 'first' })) as {
        importId: number;
      };
      await reply('imports.cancel', { jobId: 'not-running' });
      await reply('project.open', { path: project });
      await reply('project.info', {});
      await reply('project.notices', {});
      await reply('imports.rejects', { importId: first.importId });
      const kept = await addRun('b');
      await reply('imports.keep', { importId: kept.importId, project });
      const dropped = await addRun('c');
      await reply('imports.discard', { importId: dropped.importId, project });
      await reply('project.open', { path: project });
      const { runs } = (await reply('runs.list', {})) as { runs: { name: string }[] };
      expect(runs.map((r) => r.name).slice(1)).toEqual(['b']);
      await reply('runs.compare', { a: runs[0]?.name, b: 'b' });
      await reply('slices.report', {});
      await reply('slices.export', { format: 'csv' });
      await reply('slices.discover', { top: 5 });
      await reply('slices.settings', { slice: 'overall', ease: 2, report: 'original' });
      await reply('settings.history', {});
      await reply('baselines.setTarget', { slice: 'all', value: 0.95, n: 100, source: 'paper' });
      await reply('baselines.clearTarget', { slice: 'all' });
      await reply('baselines.setRequirement', {
        scope: 'class_group=*',
        text: '>= overall - 0.02',
      });
      await reply('baselines.clearRequirement', { scope: 'class_group=*' });
      await reply('baselines.setReference', { reference: 'best' });
      await reply('baselines.setReference', { reference: null });
      await reply('slices.report', { metric: 'recall:cat', reference: 'run:b' });
      await reply('settings.undo', { report: 'original' });
      await reply('settings.redo', {});
      const page = (await reply('examples.page', { filter: { outcome: 'errors' }, limit: 5 })) as {
        rows: { id: string }[];
      };
      const [a, b] = page.rows.map((r) => r.id) as [string, string];
      await reply('examples.count', { filter: { outcome: 'errors' } });
      await reply('examples.get', { id: a });
      await reply('examples.confusion', { filter: {} });
      await reply('examples.page', {
        run: 'b',
        filter: { compare: { run: 'cifar10_test', only: 'a-right-b-wrong' } },
        limit: 5,
      });
      await reply('examples.export', {
        run: 'b',
        filter: { compare: { run: 'cifar10_test', only: 'a-wrong-b-right' } },
      });
      await reply('media.locate', { id: a });
      await reply('tags.apply', { tag: 't', ids: [a, b] });
      await reply('tags.remove', { tag: 't', ids: [b] });
      await reply('tags.rename', { from: 't', to: 'u' });
      await reply('tags.apply', { tag: 'v', ids: [b] });
      await reply('tags.merge', { from: 'v', into: 'u' });
      await reply('tags.update', { tag: 'u', color: '#336699', description: 'merged' });
      await reply('tags.list', {});
      await reply('tags.undo', {});
      await reply('tags.redo', {});
      await reply('tags.history', {});
      await reply('tags.delete', { tag: 'u' });
      await reply('tags.restore', { tag: 'u' });
      await reply('rules.add', { name: 'animals', expression: 'class_group = "animal"' });
      await reply('rules.list', {});
      await reply('rules.delete', { name: 'animals' });
      await reply('suspects.list', { top: 5 });
      await reply('review.verdict', { id: a, verdict: 'wrong', correctedLabel: 'cat' });
      await reply('review.current', {});
      await reply('review.undo', {});
      const decided = (await reply('decisions.add', {
        slice: 'label = cat',
        owner: 'ana',
        why: 'relabel',
        run: runs[0]?.name,
      })) as { decision: { id: string } };
      await reply('decisions.list', {});
      await reply('decisions.open', {});
      await reply('memo.build', { format: 'md' });
      await reply('plan.slice', { slice: 'label = cat', figure: 'accuracy', halfWidth: 0.02 });
      await reply('decisions.close', { id: decided.decision.id });
      await reply('app.forgetRecent', { path: project });
      await reply('app.openSample', {});
      // The sample has a numeric column to bin (cifar10 has none).
      await reply('slices.bins', { column: 'tenure_months', bins: 4, report: 'original' });
      await reply('slices.binCounts', {});
      await reply('project.close', {});
    } finally {
      service.close();
    }
    expect([...called].sort()).toEqual([...METHOD_NAMES].sort());
  }, 120_000);
});
