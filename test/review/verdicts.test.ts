import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, readSimpleCsv, tempDir, ok } from '../helpers.ts';

const dir = tempDir();
const project = join(dir, 'c10.headroom');
const file = join(DATASETS, 'cifar10_test/cifar10_test.csv');

describe('review verdicts and corrected labels', () => {
  const service = createService();

  it('records verdicts, undoes one, and the corrected report differs exactly as they imply', async () => {
    await ok(service.dispatch('imports.run', { project, file }));
    await ok(service.dispatch('project.open', { path: project }));
    const queue = await ok<{
      suspects: { id: string; label: string; likely: string | null; prediction: string | null }[];
    }>(service.dispatch('suspects.list', { top: 10, unreviewed: true }));
    expect(queue.suspects).toHaveLength(10);
    const [a, b, c, d] = queue.suspects as [
      (typeof queue.suspects)[0],
      (typeof queue.suspects)[0],
      (typeof queue.suspects)[0],
      (typeof queue.suspects)[0],
    ];
    // a, b: wrong, corrected to the model's prediction; c: wrong then undone; d: correct.
    for (const s of [a, b, c]) {
      await ok(
        service.dispatch('review.verdict', {
          id: s.id,
          verdict: 'wrong',
          correctedLabel: s.prediction as string,
          reviewer: 'ana',
        }),
      );
    }
    await ok(service.dispatch('review.verdict', { id: d.id, verdict: 'correct', reviewer: 'ana' }));
    const undone = await ok<{ undone: number }>(
      service.dispatch('review.undo', { reviewer: 'ana' }),
    ); // undoes d's
    expect(undone.undone).toBeGreaterThan(0);
    const cVerdict = (
      await ok<{ verdicts: { id: string; verdictId: number }[] }>(
        service.dispatch('review.current', {}),
      )
    ).verdicts.find((v) => v.id === c.id);
    await ok(service.dispatch('review.undo', { verdictId: cVerdict?.verdictId }));
    const current = await ok<{
      verdicts: { id: string; verdict: string; correctedLabel: string | null }[];
    }>(service.dispatch('review.current', {}));
    expect(current.verdicts.map((v) => v.id).sort()).toEqual([a.id, b.id].sort());

    const original = await ok<Report>(service.dispatch('slices.report', {}));
    const corrected = await ok<Report>(service.dispatch('slices.report', { labels: 'corrected' }));
    expect(original.labels).toBe('original');
    expect(corrected.labels).toBe('corrected');
    // Two examples now have the model's prediction as their label: two more correct.
    expect(corrected.overall.n).toBe(original.overall.n);
    expect(corrected.overall.accuracy).toBeCloseTo(
      (original.overall.accuracy as number) + 2 / 10_000,
      12,
    );
    // Class sizes move from the old label to the new one.
    const size = (r: Report, cls: string) =>
      r.slices.find((s) => s.name === `label = ${cls}`)?.n ?? 0;
    const moved = new Map<string, number>();
    for (const s of [a, b]) {
      moved.set(s.label, (moved.get(s.label) ?? 0) - 1);
      moved.set(s.prediction as string, (moved.get(s.prediction as string) ?? 0) + 1);
    }
    for (const [cls, delta] of moved)
      expect(size(corrected, cls) - size(original, cls)).toBe(delta);
    // HLP on corrected labels comes from the votes for the new label.
    const rows = readSimpleCsv(file);
    const row = rows.find((r) => r.id === a.id) as Record<string, string>;
    const votesFor = (cls: string) => Number(row[`human_votes_${cls}`]);
    const total = Number(row.human_n);
    const hlpDelta = (votesFor(a.prediction as string) / total - Number(row.human_agree)) / 10_000;
    expect(
      Math.abs((corrected.overall.hlp as number) - (original.overall.hlp as number)),
    ).toBeGreaterThan(Math.abs(hlpDelta) / 2);
    // The queue skips reviewed examples.
    const next = await ok<{ suspects: { id: string }[] }>(
      service.dispatch('suspects.list', { top: 10, unreviewed: true }),
    );
    expect(next.suspects.map((s) => s.id)).not.toContain(a.id);
    expect(next.suspects.map((s) => s.id)).toContain(c.id);
  });

  it('a queue scoped to a slice holds only its examples', async () => {
    const cats = await ok<{ suspects: { label: string }[] }>(
      service.dispatch('suspects.list', { slice: 'label = cat', top: 50 }),
    );
    expect(cats.suspects.length).toBeGreaterThan(10);
    for (const s of cats.suspects) expect(s.label).toBe('cat');
    expect(await service.dispatch('suspects.list', { slice: 'no such slice' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('a wrong verdict needs a corrected label; unknown ids are refused', async () => {
    expect(await service.dispatch('review.verdict', { id: '5', verdict: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await service.dispatch('review.verdict', { id: 'nope', verdict: 'correct' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('the log rejects UPDATE and DELETE (append-only)', () => {
    service.close();
    const db = new Database(project);
    expect(() => db.prepare("UPDATE verdicts SET verdict = 'correct'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM verdicts').run()).toThrow(/append-only/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM verdicts').get() as { n: number }).n).toBe(6);
    db.close();
  });
});
