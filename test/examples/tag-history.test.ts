import Database from 'better-sqlite3';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { decodePositions, encodePositions } from '../../electron/core/tags/history.ts';
import { ok, rng, tempDir } from '../helpers.ts';
import { membersByTag } from '../tag-members.ts';

// Undo and redo of every kind of tag edit, across a reload: each undo must give back exactly the
// state before the step (tags, names, colors, trash, members), and the dashboard figures kept in
// memory must equal ones rebuilt from the file.

const dir = tempDir();
const file = join(dir, 'preds.csv');
const project = join(dir, 'p.headroom');
const random = rng(7);
const rows = ['id,label,prediction,confidence,device'];
for (let i = 0; i < 2000; i++) {
  const label = ['cat', 'dog', 'bird'][Math.floor(random() * 3)] as string;
  const wrong = random() < 0.2;
  const pred = wrong ? (label === 'cat' ? 'dog' : 'cat') : label;
  rows.push(
    `ex${i},${label},${pred},${(0.3 + random() * 0.7).toFixed(4)},${random() < 0.5 ? 'phone' : 'camera'}`,
  );
}
writeFileSync(file, rows.join('\n') + '\n');

/** The tag state a user can see: live and trashed tags with their fields and members. */
function tagState(): string {
  const db = new Database(project, { readonly: true });
  try {
    const tags = db
      .prepare(
        'SELECT id, name, color, description, deleted_at IS NOT NULL AS trashed FROM tags WHERE undone = 0 ORDER BY id',
      )
      .all();
    // Tags whose set is empty (all undone or removed) have none to show.
    const members = [...membersByTag(db)]
      .filter(([, m]) => m.length > 0)
      .map(([tag_id, m]) => ({ tag_id, m: m.join(',') }));
    return JSON.stringify({ tags, members });
  } finally {
    db.close();
  }
}

async function freshReport(): Promise<Report> {
  const s = createService();
  await ok(s.dispatch('project.open', { path: project }));
  const r = await ok<Report>(s.dispatch('slices.report', {}));
  s.close();
  return r;
}

const steps: [string, Record<string, unknown>][] = [
  ['tags.apply', { tag: 'blurry', ids: ['ex1', 'ex2', 'ex3'] }],
  ['tags.apply', { tag: 'blurry', filter: { outcome: 'errors', given: 'cat' } }],
  ['tags.remove', { tag: 'blurry', ids: ['ex2'] }],
  ['tags.apply', { tag: 'dark', filter: { slice: 'meta:device=phone', maxConfidence: 0.5 } }],
  ['tags.rename', { from: 'dark', to: 'too dark' }],
  ['tags.update', { tag: 'blurry', color: '#ff8800', description: 'out of focus' }],
  ['tags.merge', { from: 'too dark', into: 'blurry' }],
  ['tags.delete', { tag: 'blurry' }],
  ['tags.restore', { tag: 'blurry' }],
];

describe('the position list codec of the history', () => {
  it('round-trips any list of positions, and sorted ones take about a byte each', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 300 }), (xs) => {
        expect(Array.from(decodePositions(encodePositions(xs)))).toEqual(xs);
      }),
      { numRuns: 300, seed: 5 },
    );
    const dense = Array.from({ length: 100_000 }, (_, i) => i * 7);
    expect(encodePositions(dense).length).toBe(100_000);
  });
});

describe('tag undo and redo', () => {
  let service: Service = createService();
  const states: string[] = [];

  it('records every edit as one step', async () => {
    await ok(service.dispatch('imports.run', { project, file }));
    await ok(service.dispatch('project.open', { path: project }));
    states.push(tagState());
    for (const [method, input] of steps) {
      await ok(service.dispatch(method, input));
      states.push(tagState());
    }
    // Every step changed something (a restore gives back the state before the delete).
    for (let k = 1; k < states.length; k++) expect(states[k]).not.toBe(states[k - 1]);
    expect(states[9]).toBe(states[7]);
    const h = await ok<{ undo: string }>(service.dispatch('tags.history', {}));
    expect(h.undo).toBe('restore "blurry"');
  });

  it('undoes every step back to the start, keeping the figures in step', async () => {
    for (let k = steps.length - 1; k >= 0; k--) {
      const r = await ok<{ undone: string | null }>(service.dispatch('tags.undo', {}));
      expect(r.undone).not.toBeNull();
      expect(tagState()).toBe(states[k]);
      if (k === 3 || k === 0) {
        const kept = await ok<Report>(service.dispatch('slices.report', {}));
        expect(kept).toEqual(await freshReport());
      }
    }
    expect(await ok(service.dispatch('tags.undo', {}))).toEqual({ undone: null });
  });

  it('redoes them after a reload, in order', async () => {
    service.close();
    service = createService();
    await ok(service.dispatch('project.open', { path: project }));
    for (let k = 1; k <= steps.length; k++) {
      const r = await ok<{ redone: string | null }>(service.dispatch('tags.redo', {}));
      expect(r.redone).not.toBeNull();
      expect(tagState()).toBe(states[k]);
    }
    expect(await ok(service.dispatch('tags.redo', {}))).toEqual({ redone: null });
    expect(await ok<Report>(service.dispatch('slices.report', {}))).toEqual(await freshReport());
  });

  it('a new edit after undo drops the redo steps', async () => {
    await ok(service.dispatch('tags.undo', {}));
    await ok(service.dispatch('tags.undo', {}));
    await ok(service.dispatch('tags.apply', { tag: 'new', ids: ['ex5'] }));
    expect(await ok(service.dispatch('tags.history', {}))).toEqual({
      undo: 'tag 1 as "new"',
      redo: null,
    });
    service.close();
  });

  it('refuses a bad color and a target that is not exactly one of ids, where, filter', async () => {
    const s = createService();
    await ok(s.dispatch('project.open', { path: project }));
    const bad = await s.dispatch('tags.update', { tag: 'new', color: 'red; x' });
    expect(bad.ok).toBe(false);
    const two = await s.dispatch('tags.apply', { tag: 'x', ids: ['ex1'], filter: {} });
    expect(two.ok).toBe(false);
    s.close();
  });
});
