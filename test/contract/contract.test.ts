import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods } from '../../shared/contract.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, tempDir } from '../helpers.ts';

const dir = tempDir();

describe('the contract', () => {
  it('every declared method has an implementation, and nothing else is implemented', () => {
    const service = createService();
    expect(Object.keys(service.handlers).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(typeof service.handlers[name]).toBe('function');
    service.close();
  });

  it('validates every input against its schema before a handler runs (S-08)', async () => {
    const service = createService();
    const bad: [string, unknown][] = [
      ['project.open', {}],
      ['project.open', { path: 42 }],
      ['project.open', { path: 'x'.repeat(10_000) }],
      ['project.open', { path: 'a.headroom', extra: true }],
      ['imports.run', { project: 'p', file: 'f', map: { col: 'not-a-role' } }],
      ['imports.run', { project: 'p', file: 'f', kind: 'everything' }],
      ['imports.rejects', { importId: -1 }],
      ['imports.rejects', { importId: Number.NaN }],
      ['imports.cancel', JSON.parse('{"__proto__": {"polluted": true}, "jobId": 5}')],
      ['no.such.method', {}],
      ['__proto__', {}],
      ['constructor', {}],
    ];
    for (const [method, input] of bad) {
      const env = await service.dispatch(method, input);
      expect(env.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!env.ok) expect(env.error.code).toBe('INVALID_INPUT');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    service.close();
  });

  it('errors travel as {ok:false, error:{code, message}} with stable codes', async () => {
    const service = createService();
    const env = await service.dispatch('project.info', {});
    expect(env).toEqual({
      ok: false,
      error: { code: 'NO_PROJECT', message: 'No project is open.' },
    });
    const missing = await service.dispatch('project.open', { path: join(dir, 'nope.headroom') });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(ERROR_CODES).toContain(missing.error.code);
    service.close();
  });

  it('imports, reports progress as events, and answers with schema-valid output', async () => {
    const events: string[] = [];
    const service = createService({ emit: (e) => events.push(e) });
    const project = join(dir, 'c10.headroom');
    const env = await service.dispatch('imports.run', {
      project,
      file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
    });
    expect(env.ok).toBe(true);
    if (env.ok) expect(methods['imports.run'].output.safeParse(env.value).success).toBe(true);
    expect(events).toContain('imports.progress');
    expect(events.at(-1)).toBe('project.changed');
    const opened = await service.dispatch('project.open', { path: project });
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(methods['project.open'].output.parse(opened.value).examples).toBe(10_000);
    service.close();
  });

  it('previews a file with its detected roles, and says what is missing', async () => {
    const service = createService();
    const env = await service.dispatch('imports.preview', {
      file: join(DATASETS, 'mnist_test/mnist_test.csv'),
      rows: 5,
    });
    expect(env.ok).toBe(true);
    if (env.ok) {
      const v = methods['imports.preview'].output.parse(env.value);
      expect(v.rows).toHaveLength(5);
      expect(v.problem).toBeNull();
      expect(v.mapping.find((m) => m.column === 'input')?.role).toBe('input');
    }
    const noLabel = await service.dispatch('imports.preview', {
      file: join(DATASETS, 'mnist_test/mnist_test.csv'),
      map: { label: 'ignore' },
    });
    expect(noLabel.ok && noLabel.value).toMatchObject({
      problem: expect.stringContaining('no label column'),
    });
    service.close();
  });
});
