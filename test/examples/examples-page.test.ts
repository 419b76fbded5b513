import fc from 'fast-check';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  Confusion,
  ExampleDetail,
  ExampleFilter,
  ExamplePage,
  ExampleSort,
} from '../../shared/examples.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';

// The errors browser's engine against an independent reading of the real MNIST file: every
// filter, sort and paging path must list exactly the rows a plain computation over the CSV lists.

const csvPath = join(DATASETS, 'mnist_test/mnist_test.csv');
const project = join(tempDir(), 'mnist.headroom');
const service = createService();

interface Ref {
  pos: number;
  id: string;
  input: string;
  label: string;
  prediction: string;
  confidence: number;
  stroke: string;
  ink: number;
}
let ref: Ref[] = [];

beforeAll(async () => {
  ref = readSimpleCsv(csvPath).map((r, pos) => ({
    pos,
    id: r.id as string,
    input: r.input as string,
    label: r.label as string,
    prediction: r.prediction as string,
    confidence: Number(r.confidence),
    stroke: r.stroke as string,
    ink: Number(r.ink_fraction),
  }));
  await ok(service.dispatch('imports.run', { project, file: csvPath }));
  await ok(service.dispatch('project.open', { path: project }));
}, 120_000);

const page = (input: Record<string, unknown>) =>
  ok<ExamplePage>(service.dispatch('examples.page', input));

/** Every matching id, read page by page with the keyset cursor. */
async function allByCursor(filter: ExampleFilter, sort: ExampleSort, limit: number) {
  const ids: string[] = [];
  let after: number | undefined;
  let total = -1;
  for (;;) {
    const p = await page({ filter, sort, limit, ...(after !== undefined ? { after } : {}) });
    total = p.total;
    ids.push(...p.rows.map((r) => r.id));
    if (p.next === null) break;
    expect(p.rows.length).toBe(limit);
    after = p.next;
  }
  expect(ids.length).toBe(total);
  return ids;
}

function matches(r: Ref, f: ExampleFilter): boolean {
  if (f.outcome === 'errors' && r.label === r.prediction) return false;
  if (f.outcome === 'correct' && r.label !== r.prediction) return false;
  if (f.given !== undefined && r.label !== f.given) return false;
  if (f.predicted !== undefined && r.prediction !== f.predicted) return false;
  if (f.slice === 'meta:stroke=thin' && (r.stroke === 'thin') === !!f.notInSlice) return false;
  if (f.minConfidence !== undefined && !(r.confidence >= f.minConfidence)) return false;
  if (f.maxConfidence !== undefined && !(r.confidence <= f.maxConfidence)) return false;
  if (f.text !== undefined && !r.input.includes(f.text) && !r.id.includes(f.text)) return false;
  return true;
}

function refIds(f: ExampleFilter, sort: ExampleSort): string[] {
  const rows = ref.filter((r) => matches(r, f));
  const key: (r: Ref) => number | string =
    sort.key === 'confidence'
      ? (r) => r.confidence
      : sort.key === 'label'
        ? (r) => r.label
        : sort.key === 'prediction'
          ? (r) => r.prediction
          : sort.key === 'meta:ink_fraction'
            ? (r) => r.ink
            : (r) => r.pos;
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : a.pos - b.pos;
  });
  if (sort.dir === 'desc') rows.reverse();
  return rows.map((r) => r.id);
}

describe('examples.page on MNIST', () => {
  it('lists the errors in file order, page by page', async () => {
    const ids = await allByCursor({ outcome: 'errors' }, { key: 'pos', dir: 'asc' }, 25);
    expect(ids).toEqual(refIds({ outcome: 'errors' }, { key: 'pos', dir: 'asc' }));
    expect(ids.length).toBe(87); // MNIST's README: 99.13% accuracy on 10,000
  });

  it('sorts errors of a class by confidence, high first, with the keyset cursor', async () => {
    const f: ExampleFilter = { outcome: 'errors', given: '7' };
    const s: ExampleSort = { key: 'confidence', dir: 'desc' };
    expect(await allByCursor(f, s, 4)).toEqual(refIds(f, s));
  });

  it('reads any offset as the same rows as walking the cursor', async () => {
    for (const sort of [
      { key: 'pos', dir: 'asc' },
      { key: 'pos', dir: 'desc' },
      { key: 'confidence', dir: 'asc' },
      { key: 'meta:ink_fraction', dir: 'desc' },
    ] as ExampleSort[]) {
      const f: ExampleFilter = { maxConfidence: 0.999 };
      const want = refIds(f, sort);
      for (const offset of [0, 1, 7, 100, want.length - 3, want.length]) {
        const p = await page({ filter: f, sort, offset, limit: 5 });
        expect(p.offset).toBe(offset);
        expect(p.rows.map((r) => r.id)).toEqual(want.slice(offset, offset + 5));
      }
    }
  });

  it('agrees with the CSV for random filters, sorts and page sizes', async () => {
    const classes = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    const filterArb = fc.record(
      {
        outcome: fc.constantFrom('errors', 'correct'),
        given: fc.constantFrom(...classes),
        predicted: fc.constantFrom(...classes),
        slice: fc.constant('meta:stroke=thin'),
        notInSlice: fc.boolean(),
        minConfidence: fc.constantFrom(0, 0.3, 0.6, 0.9),
        maxConfidence: fc.constantFrom(0.5, 0.95, 1),
        text: fc.constantFrom('images/000', '99', '5.png'),
      },
      { requiredKeys: [] },
    );
    const sortArb = fc.record({
      key: fc.constantFrom('pos', 'confidence', 'label', 'prediction', 'meta:ink_fraction'),
      dir: fc.constantFrom('asc', 'desc'),
    }) as fc.Arbitrary<ExampleSort>;
    await fc.assert(
      fc.asyncProperty(filterArb, sortArb, fc.integer({ min: 1, max: 400 }), async (f, s, n) => {
        const filter = f as ExampleFilter;
        if (filter.notInSlice && !filter.slice) delete filter.notInSlice;
        const want = refIds(filter, s);
        if (want.length > 3000) return; // keep the run short: big sets are covered above
        expect(await allByCursor(filter, s, n)).toEqual(want);
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });

  it('filters by a rule expression and by "untagged"', async () => {
    const p = await page({ filter: { rule: 'confidence < 0.5' }, limit: 1000 });
    expect(p.rows.map((r) => r.id)).toEqual(ref.filter((r) => r.confidence < 0.5).map((r) => r.id));
    await ok(service.dispatch('tags.apply', { tag: 'seen', ids: ['18', '247'] }));
    const untagged = await page({ filter: { outcome: 'errors', untagged: true }, limit: 1000 });
    const errors = refIds({ outcome: 'errors' }, { key: 'pos', dir: 'asc' });
    expect(untagged.rows.map((r) => r.id)).toEqual(
      errors.filter((id) => id !== '18' && id !== '247'),
    );
    const tagged = await page({ filter: { slice: 'seen' } });
    expect(tagged.rows.map((r) => r.id)).toEqual(['18', '247']);
    expect(tagged.rows[0]?.tags.length).toBe(1);
  });

  it('returns rows with their figures and metadata', async () => {
    const p = await page({ filter: { text: 'images/00008.png' } });
    const r = ref[8] as Ref;
    expect(p.rows).toHaveLength(1);
    const row = p.rows[0];
    expect(row).toMatchObject({
      id: r.id,
      input: r.input,
      label: r.label,
      prediction: r.prediction,
      correct: r.label === r.prediction ? 1 : 0,
    });
    expect(row?.confidence).toBeCloseTo(r.confidence, 12);
    expect(row?.meta.stroke).toBe(r.stroke);
    expect(p.columns).toContain('stroke');
  });

  it('counts the confusion matrix like the CSV, also within a filter', async () => {
    const all = await ok<Confusion>(service.dispatch('examples.confusion', {}));
    const within = await ok<Confusion>(
      service.dispatch('examples.confusion', { filter: { slice: 'meta:stroke=thin' } }),
    );
    for (const [m, rows] of [
      [all, ref],
      [within, ref.filter((r) => r.stroke === 'thin')],
    ] as const) {
      const want = new Map<string, number>();
      for (const r of rows)
        want.set(`${r.label}>${r.prediction}`, (want.get(`${r.label}>${r.prediction}`) ?? 0) + 1);
      let total = 0;
      m.classes.forEach((g, i) =>
        m.classes.forEach((p, j) => {
          const c = m.counts[i]?.[j] ?? 0;
          total += c;
          expect(c).toBe(want.get(`${g}>${p}`) ?? 0);
        }),
      );
      expect(total).toBe(rows.length);
      // Per-class recall, precision and F1, counted again straight from the CSV rows.
      expect(m.perClass.map((c) => c.class)).toEqual(m.classes);
      for (const c of m.perClass) {
        const given = rows.filter((r) => r.label === c.class).length;
        const predicted = rows.filter((r) => r.prediction === c.class).length;
        const hit = rows.filter((r) => r.label === c.class && r.prediction === c.class).length;
        expect([c.n, c.predicted, c.correct]).toEqual([given, predicted, hit]);
        const recall = hit / given;
        const precision = hit / predicted;
        expect(c.recall).toBeCloseTo(recall, 12);
        expect(c.precision).toBeCloseTo(precision, 12);
        expect(c.f1).toBeCloseTo((2 * precision * recall) / (precision + recall), 12);
      }
    }
  });

  it('gives one example in detail: probabilities, line, verdicts', async () => {
    const d = await ok<ExampleDetail>(service.dispatch('examples.get', { id: '247' }));
    const r = ref[247] as Ref;
    expect(d.row.label).toBe(r.label);
    expect(d.line).toBe(249); // header is line 1
    expect(d.probabilities[0]?.label).toBe(r.prediction);
    const sum = d.probabilities.reduce((s, x) => s + x.p, 0);
    expect(sum).toBeGreaterThan(0.99);
    const fixed = r.label === '4' ? '9' : '4';
    await ok(
      service.dispatch('review.verdict', { id: '247', verdict: 'wrong', correctedLabel: fixed }),
    );
    const corrected = await ok<ExampleDetail>(
      service.dispatch('examples.get', { id: '247', labels: 'corrected' }),
    );
    expect(corrected.row.label).toBe(fixed);
    expect(corrected.row.originalLabel).toBe(r.label);
    expect(corrected.verdicts.map((v) => v.verdict)).toEqual(['wrong']);
  });

  it('refuses unknown slices, columns and ids with a clear error', async () => {
    const bad = [
      ['examples.page', { filter: { slice: 'meta:nope=1' } }, /No slice "meta:nope=1"/],
      ['examples.page', { sort: { key: 'meta:nope' } }, /No metadata column "nope"/],
      ['examples.get', { id: 'no-such-id' }, /unknown example id/],
      ['examples.page', { filter: { rule: 'nope >' } }, /Rule "nope >"/],
      ['examples.page', { limit: 5000 }, /invalid input at limit/],
    ] as const;
    for (const [method, input, message] of bad) {
      const r = await service.dispatch(method, input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
  });
});
