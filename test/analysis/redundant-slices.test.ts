import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatCsv,
  formatMarkdown,
  formatTable,
} from '../../electron/core/analysis/report-format.ts';
import { emptyBits, setBit } from '../../electron/core/analysis/bitset.ts';
import { findRepeats, REDUNDANT_JACCARD } from '../../electron/core/analysis/redundant-slices.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import type { Report } from '../../shared/report.ts';
import { DATASETS, readSimpleCsv, tempDir } from '../helpers.ts';
import { rng } from '../rng.ts';

// Issue #18: a slice with the same members as another to 99% or more (Jaccard) repeats it. On
// CIFAR-10 with human_majority sliced on request, "human_majority = cat" holds nearly the same
// images as "label = cat". The Jaccard indexes here are counted from the CSV, not by the engine.
const FILE = join(DATASETS, 'cifar10_test/cifar10_test.csv');
const rows = readSimpleCsv(FILE);

/** Slice id -> the row positions in it, for the slices this import makes (class_group, human_majority, label). */
function csvSlices(): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (id: string, i: number) => {
    let s = out.get(id);
    if (!s) out.set(id, (s = new Set()));
    s.add(i);
  };
  rows.forEach((r, i) => {
    add(`class:${r.label}`, i);
    add(`meta:class_group=${r.class_group}`, i);
    add(`meta:human_majority=${r.human_majority}`, i);
  });
  return out;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

describe('slices that repeat another (Jaccard >= 0.99) on CIFAR-10', () => {
  const dir = tempDir('headroom-redundant-');
  let service: Service;
  let report: Report;
  const sets = csvSlices();

  beforeAll(async () => {
    service = createService();
    const project = join(dir, 'cifar.headroom');
    await service.call('imports.run', { project, file: FILE, map: { human_majority: 'metadata' } });
    await service.call('project.open', { path: project });
    report = await service.call('slices.report', {});
  }, 120_000);
  afterAll(() => service.close());

  it('marks exactly the pairs whose members agree to 99% or more, keeping the class slice', () => {
    // Every pair of slices, counted from the CSV: the lower-kind one repeats the class slice.
    const expected = new Map<string, string>();
    const ids = [...sets.keys()];
    for (const a of ids.filter((x) => x.startsWith('meta:'))) {
      for (const b of ids.filter((x) => x.startsWith('class:'))) {
        if (jaccard(sets.get(a) as Set<number>, sets.get(b) as Set<number>) >= 0.99) {
          expected.set(a, b);
        }
      }
    }
    // The premise: human_majority = X repeats label = X for some X, and not for every slice.
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(report.slices.length);
    for (const [a, b] of expected) expect(a.replace('meta:human_majority=', 'class:')).toBe(b);

    const marked = new Map(
      report.slices
        .filter((s) => s.redundant_with !== undefined)
        .map((s) => [s.id, s.redundant_with]),
    );
    expect(marked).toEqual(expected);
    // Metadata pairs never reach 0.99 here (the human majority of one class is never another's).
    for (const a of ids) {
      for (const b of ids) {
        if (a < b && a.startsWith('meta:') && b.startsWith('meta:')) {
          expect(jaccard(sets.get(a) as Set<number>, sets.get(b) as Set<number>)).toBeLessThan(
            0.99,
          );
        }
      }
    }
  });

  it('keeps every figure of a repeat and places it right after the slice it repeats', () => {
    const order = report.slices.map((s) => s.id);
    const ranked = report.slices.filter((s) => s.redundant_with === undefined);
    for (let i = 1; i < ranked.length; i++) {
      const p = ranked[i - 1]?.priority ?? -Infinity;
      const q = ranked[i]?.priority ?? -Infinity;
      if (ranked[i - 1]?.too_small === ranked[i]?.too_small) expect(p).toBeGreaterThanOrEqual(q);
    }
    for (const s of report.slices.filter((x) => x.redundant_with !== undefined)) {
      const at = order.indexOf(s.id);
      const keptAt = order.indexOf(s.redundant_with as string);
      expect(keptAt).toBeGreaterThanOrEqual(0);
      expect(at).toBeGreaterThan(keptAt);
      // Nothing ranked between the kept slice and its repeats.
      for (const between of report.slices.slice(keptAt + 1, at)) {
        expect(between.redundant_with).toBe(s.redundant_with);
      }
      expect(s.n).toBe(sets.get(s.id)?.size);
      expect(s.accuracy).not.toBeNull();
    }
    // Slices that repeat none have no redundant_with key at all (a new key only).
    expect(ranked.every((s) => !Object.hasOwn(s, 'redundant_with'))).toBe(true);
  });

  it('the table, Markdown and CSV exports leave the repeats out of the ranking and say so', () => {
    const repeats = report.slices.filter((s) => s.redundant_with !== undefined);
    const table = formatTable(report);
    const md = formatMarkdown(report);
    const csv = formatCsv(report);
    for (const s of repeats) {
      expect(table).not.toContain(`${s.name}  `);
      expect(md).not.toContain(`| ${s.name} |`);
      expect(csv).not.toContain(`${s.id},`);
    }
    const kept = report.slices.find((s) => s.redundant_with === undefined && s.kind === 'class');
    expect(csv).toContain(`${kept?.id},`);
    expect(table).toContain(`${repeats.length} slices repeat another`);
    expect(md).toContain('redundant_with');
    expect(csv.trim().split('\r\n').length).toBe(1 + 1 + report.slices.length - repeats.length);
  });
});

describe('near copies at the 0.99 boundary (generated sets; Jaccard counted with Sets)', () => {
  // B is A with `drop` members removed and `add` others added: the search stops counting a pair
  // once it differs by more than 0.99 allows, and must still find every pair at or over it.
  it('finds a pair exactly when its Jaccard index is 0.99 or more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 5000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (sizeA, drop, add, seed) => {
          const n = sizeA * 2 + 64;
          const r = rng(seed);
          const all = Array.from({ length: n }, (_, i) => i);
          for (let i = n - 1; i > 0; i--) {
            const j = Math.floor(r() * (i + 1));
            [all[i], all[j]] = [all[j] as number, all[i] as number];
          }
          const a = new Set(all.slice(0, sizeA));
          const b = new Set([...all.slice(drop, sizeA), ...all.slice(sizeA, sizeA + add)]);
          const toBits = (set: Set<number>) => {
            const bits = emptyBits(n);
            for (const i of set) setBit(bits, i);
            return bits;
          };
          const repeats = findRepeats([
            { id: 'class:a', kind: 'class', bits: toBits(a), size: a.size },
            { id: 'meta:b', kind: 'metadata', bits: toBits(b), size: b.size },
          ]);
          const expected = b.size > 0 && jaccard(a, b) >= REDUNDANT_JACCARD;
          expect(repeats.get('meta:b') === 'class:a').toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the boundary itself: 990 of 1,000 shared repeats, 989 does not', () => {
    const n = 2048;
    const bitsOf = (from: number, to: number) => {
      const bits = emptyBits(n);
      for (let i = from; i < to; i++) setBit(bits, i);
      return bits;
    };
    const pair = (shared: number) =>
      findRepeats([
        { id: 'class:a', kind: 'class', bits: bitsOf(0, 1000), size: 1000 },
        { id: 'meta:b', kind: 'metadata', bits: bitsOf(1000 - shared, 1000), size: shared },
      ]);
    expect(pair(990).get('meta:b')).toBe('class:a');
    expect(pair(989).has('meta:b')).toBe(false);
  });
});
