import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods, type MethodName } from '../../shared/contract.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { serveOverPort, type HostMessage } from '../../electron/host/data-host.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { dumpHash } from '../db-dump.ts';
import { SHARED, tempDir } from '../helpers.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability S-08: hostile inputs to every contract method, through the service (the browser
 * mode's and the CLI's transport) and the data host's message port (the desktop app's): wrong
 * types, huge strings, `__proto__`/`constructor` keys, NaN, negative numbers, arbitrary JSON.
 * Decided outcome: every input the method's schema refuses gets INVALID_INPUT before a handler
 * runs; nothing throws; the project is not written; Object.prototype is untouched.
 */
const RUNS = Number(process.env.HEADROOM_FUZZ_RUNS ?? 150);
const dir = tempDir('headroom-fuzz-');
const project = join(dir, 'p.headroom');

/** The keys a method's input object declares (none for non-object schemas). */
function keysOf(method: MethodName): string[] {
  const shape = (methods[method].input as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

const HUGE = 'x'.repeat(10 * 1024 * 1024);
const HOSTILE_VALUES: unknown[] = [
  42,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e308,
  null,
  true,
  [],
  {},
  '',
  'x'.repeat(100_000),
  ['a', 1, null],
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  '../../../../etc/passwd',
  '\u0000',
];

/** Inputs for `method` that its schema refuses: per key, each hostile value, plus odd shapes. */
function hostileInputs(method: MethodName): unknown[] {
  const out: unknown[] = [
    'not an object',
    42,
    [1, 2],
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    { unexpected: 1 },
  ];
  for (const key of keysOf(method)) {
    for (const v of HOSTILE_VALUES) out.push({ [key]: v });
    out.push(JSON.parse(`{"${key}": "a", "__proto__": {"polluted": true}}`));
  }
  return out;
}

const refused = (method: MethodName, input: unknown) =>
  !methods[method].input.safeParse(input ?? {}).success;

/** The data host over a fake port: one call, one reply. */
function hostCaller() {
  let listener: ((m: { data: unknown }) => void) | null = null;
  const waiting = new Map<number, (m: HostMessage) => void>();
  const service = serveOverPort({
    on: (_e, l) => (listener = l),
    postMessage: (m: unknown) => {
      const msg = m as HostMessage;
      if (msg.type === 'reply') waiting.get(msg.id)?.(msg);
    },
  });
  let next = 1;
  return {
    service,
    call(method: string, input: unknown): Promise<unknown> {
      const id = next++;
      return new Promise((done) => {
        waiting.set(id, (m) => done((m as { envelope: unknown }).envelope));
        listener?.({ data: { id, method, input } });
      });
    },
  };
}

describe('IPC validation fuzz over every contract method (S-08)', () => {
  let service: Service;
  let host: ReturnType<typeof hostCaller>;
  let before = '';
  const counts = { calls: 0, refused: 0 };

  beforeAll(async () => {
    const gen = spawnSync(process.execPath, [
      join(SHARED, 'tools/gen-predictions.mjs'),
      dir,
      '300',
    ]);
    expect(gen.status).toBe(0);
    await runImport({ project, file: join(dir, 'examples.csv') });
    service = createService();
    host = hostCaller();
    for (const s of [service.dispatch.bind(service), host.call]) {
      const env = (await s('project.open', { path: project })) as { ok: boolean };
      expect(env.ok).toBe(true);
    }
    before = dumpHash(project);
  });
  afterAll(() => {
    service?.close();
    host?.service.close();
  });

  async function expectRefused(method: string, input: unknown, via: string): Promise<void> {
    const callers = { service: service.dispatch.bind(service), host: host.call };
    const env = (await callers[via as keyof typeof callers](method, input)) as {
      ok: boolean;
      error?: { code: string; message: string };
    };
    counts.calls++;
    expect(env.ok, `${via} ${method} ${JSON.stringify(input)?.slice(0, 200)}`).toBe(false);
    expect(ERROR_CODES).toContain(env.error?.code);
    expect(env.error?.code, `${method}: ${env.error?.message.slice(0, 200)}`).toBe('INVALID_INPUT');
    expect(env.error?.message.length).toBeLessThan(2000); // a huge input is not echoed back
    counts.refused++;
  }

  it('every method refuses the hostile catalogue, on both transports', async () => {
    for (const method of METHOD_NAMES) {
      for (const input of hostileInputs(method)) {
        if (!refused(method, input)) continue;
        for (const via of ['service', 'host']) await expectRefused(method, input, via);
      }
    }
  });

  it('10 MB strings in every string field are refused', async () => {
    for (const method of METHOD_NAMES) {
      for (const key of keysOf(method)) {
        const input = { [key]: HUGE };
        if (!refused(method, input)) continue;
        await expectRefused(method, input, 'service');
      }
    }
  });

  it(`arbitrary JSON per method (${RUNS} runs each, fast-check)`, async () => {
    for (const method of METHOD_NAMES) {
      const keys = [...keysOf(method), '__proto__', 'constructor', 'prototype', 'toString'];
      const input = fc.oneof(
        fc.anything(),
        fc.dictionary(fc.constantFrom(...keys), fc.anything(), { maxKeys: 4 }),
        fc.jsonValue().map((v) => JSON.parse(JSON.stringify({ __proto__: v, ...Object(v) }))),
      );
      await fc.assert(
        fc.asyncProperty(input, fc.constantFrom('service', 'host'), async (x, via) => {
          if (!refused(method, x)) return;
          await expectRefused(method, x, via);
        }),
        { numRuns: RUNS, seed: Number(process.env.HEADROOM_FUZZ_SEED ?? 42) },
      );
    }
  });

  it('afterwards: the project is unchanged, the prototype clean, the engine answers', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    for (const s of [service.dispatch.bind(service), host.call]) {
      expect(((await s('project.info', {})) as { ok: boolean }).ok).toBe(true);
    }
    service.close();
    host.service.close();
    expect(dumpHash(project)).toBe(before);
    recordFigure(
      'ipc-validation-fuzz',
      `${counts.refused}/${counts.calls} hostile calls refused with INVALID_INPUT over ${METHOD_NAMES.length} methods, 2 transports; 0 throws, 0 writes, prototype clean`,
    );
  });
});
