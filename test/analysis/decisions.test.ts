import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../shared/decisions.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { integrity } from '../db-dump.ts';
import { DATASETS, REPO, headroomCli, ok, readSimpleCsv, rng, tempDir } from '../helpers.ts';

/**
 * The decisions log (issue #17) on CIFAR-10: a decision on "label = cat" in the first run, then a
 * second run that gets a seeded set of the wrong cats right; then versus now equals counts made
 * here from the two files, and the log refuses UPDATE and DELETE.
 */
describe('decisions log, then versus now (CIFAR-10)', () => {
  const dir = tempDir('headroom-decisions-');
  const project = join(dir, 'c10.headroom');
  const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
  // Run "better": about half of the cats run 1 gets wrong, chosen by a seeded generator, right.
  const random = rng(17);
  const flipped = new Set(
    csv
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.label === 'cat' && r.prediction !== 'cat')
      .filter(() => random() < 0.5)
      .map(({ i }) => i),
  );
  const better = csv.map((r, i) => (flipped.has(i) ? 'cat' : r.prediction));
  const why = 'Relabel <cats> & "collect" more';
  let service: Service;

  beforeAll(async () => {
    service = createService();
    await ok(
      service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      }),
    );
    service.close();
    const r = headroomCli(
      dir,
      'decide',
      project,
      'label = cat',
      '--owner',
      'ana',
      '--why',
      why,
      '--due',
      '2027-01-31',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    service = createService();
    const file = join(dir, 'better.csv');
    writeFileSync(
      file,
      ['id,prediction', ...csv.map((row, i) => `${row.id},${better[i]}`)].join('\n') + '\n',
    );
    await ok(service.dispatch('imports.run', { project, file, kind: 'run', name: 'better' }));
    await ok(service.dispatch('project.open', { path: project }));
  }, 180_000);

  afterAll(() => service?.close());

  it('shows the cat slice then and now as counted from the two files, verdict improved', () => {
    expect(flipped.size).toBeGreaterThan(10);
    const r = headroomCli(dir, 'decisions', project, '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { run: string; decisions: Decision[] };
    expect(out.run).toBe('better'); // the latest run by default
    expect(out.decisions).toHaveLength(1);
    const d = out.decisions[0] as Decision;
    expect(d).toMatchObject({
      slice: 'label = cat',
      owner: 'ana',
      why,
      status: 'open',
      due: '2027-01-31',
    });
    const cats = csv.map((row, i) => ({ row, i })).filter(({ row }) => row.label === 'cat');
    const rightThen = cats.filter(({ row }) => row.prediction === 'cat').length;
    const rightNow = cats.filter(({ i }) => better[i] === 'cat').length;
    expect(rightNow - rightThen).toBe(flipped.size);
    expect(d.then).toMatchObject({
      run: 'cifar10_test',
      metric: 'accuracy',
      reference: 'hlp',
      n: cats.length,
    });
    expect(d.now).toMatchObject({ run: 'better', n: cats.length });
    expect(d.then.accuracy).toBeCloseTo(rightThen / cats.length, 12);
    expect(d.now?.accuracy).toBeCloseTo(rightNow / cats.length, 12);
    // The same humans: the reference does not move, the gap narrows by the accuracy gained.
    expect(d.now?.reference_value).toBe(d.then.reference_value);
    expect(d.then.gap).toBeCloseTo(
      (d.then.reference_value as number) - rightThen / cats.length,
      12,
    );
    expect(d.now?.gap).toBeCloseTo((d.now?.reference_value as number) - rightNow / cats.length, 12);
    expect(d.change).toMatchObject({
      run_then: 'cifar10_test',
      run_now: 'better',
      n: cats.length,
      then_only: 0,
      now_only: flipped.size,
    });
    expect(d.change?.diff).toBeCloseTo(flipped.size / cats.length, 12);
    // McNemar exact with 0 : k discordant pairs: 2 * (1/2)^k.
    expect(d.change?.p).toBeCloseTo(Math.min(1, 2 * 0.5 ** flipped.size), 12);
    expect(d.change?.diff_ci?.[0]).toBeGreaterThan(0);
    expect(d.verdict).toBe('improved');
    // Against its own run nothing moved.
    const same = headroomCli(
      dir,
      'decisions',
      project,
      '--run',
      'cifar10_test',
      '--format',
      'json',
    );
    const s = (JSON.parse(same.out) as { decisions: Decision[] }).decisions[0];
    expect([s?.change?.diff, s?.change?.now_only, s?.verdict]).toEqual([0, 0, 'unchanged']);
  });

  it('refuses UPDATE and DELETE of the log; closing is a new event', async () => {
    const db = new Database(project);
    try {
      expect(() => db.prepare("UPDATE decision_events SET why = 'edited'").run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM decision_events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    const listed = await ok<{ decisions: Decision[] }>(service.dispatch('decisions.list', {}));
    const id = listed.decisions[0]?.id as string;
    // The dashboard's marks (decisions.open): the open ones of the full list, without figures.
    const marks = () => ok<{ decisions: unknown[] }>(service.dispatch('decisions.open', {}));
    const open = listed.decisions.filter((d) => d.status === 'open');
    expect(open.length).toBeGreaterThan(0);
    expect((await marks()).decisions).toEqual(
      open.map(({ id: i, slice, owner, why: w, status, at }) => ({
        id: i,
        slice,
        owner,
        why: w,
        status,
        at,
      })),
    );
    const closed = headroomCli(dir, 'decide', 'close', project, id, '--why', 'shipped');
    expect(closed.code).toBe(0);
    const again = headroomCli(dir, 'decide', 'close', project, id);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already closed/);
    const list = await ok<{ decisions: Decision[] }>(service.dispatch('decisions.list', {}));
    expect(list.decisions[0]).toMatchObject({
      id,
      status: 'done',
      verdict: 'closed',
      now: null,
      closed_why: 'shipped',
    });
    // Closed by another process: the marks go at once.
    expect((await marks()).decisions).toEqual([]);
    const ro = new Database(project, { readonly: true });
    expect(ro.prepare('SELECT kind, why FROM decision_events ORDER BY id').all()).toEqual([
      { kind: 'decide', why },
      { kind: 'close', why: 'shipped' },
    ]);
    ro.close();
  });

  it('an acknowledged decision survives SIGKILL', async () => {
    const p = join(dir, 'kill.headroom');
    copyFileSync(project, p);
    // Kill right after the driver's ack line number `killAt` (never on a timer).
    const killAt = 3 + Math.floor(rng(5)() * 20);
    const acks = await new Promise<string[]>((resolveDone) => {
      const child = spawn(process.execPath, [join(REPO, 'test/fixtures/decision-driver.ts'), p], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.split('\n').filter((l) => l.startsWith('ack ')).length >= killAt) {
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () =>
        resolveDone(
          out.split('\n').filter((l) => /^ack decision \d+ w\d+$/.test(l) || /^err /.test(l)),
        ),
      );
    });
    expect(acks.filter((l) => l.startsWith('err'))).toEqual([]);
    expect(acks.length).toBeGreaterThanOrEqual(killAt);
    expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
    const db = new Database(p, { readonly: true });
    const has = db.prepare(
      "SELECT 1 FROM decision_events WHERE id = ? AND why = ? AND kind = 'decide'",
    );
    for (const line of acks) {
      const [, , id, w] = line.split(' ') as [string, string, string, string];
      expect(has.get(Number(id), w), line).toBeDefined();
    }
    db.close();
  }, 60_000);
});
