import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sliceFiguresSchema, type Report, type SliceFigures } from '../../shared/report.ts';
import { DATASETS, tempDir } from '../helpers.ts';
import { expectSameReport, FIGURES, NOT_COMPARED, nativeReport } from './summary-report.ts';

/**
 * The summary comparison (expectSameReport) covers every field of a slice's figures: the list of
 * figures comes from sliceFiguresSchema, and a field left out is named with a reason.
 */
describe('the summary comparison covers every slice figure', () => {
  it('compares each field of sliceFiguresSchema unless NOT_COMPARED names it', () => {
    const schema = Object.keys(sliceFiguresSchema.shape).sort();
    expect([...FIGURES, ...NOT_COMPARED.keys()].sort()).toEqual(schema);
    // No stale exclusion: each names a field of the schema, with a reason.
    for (const [key, why] of NOT_COMPARED) {
      expect(schema).toContain(key);
      expect(why.length).toBeGreaterThan(10);
    }
  });

  it(
    'fails on a change of any compared figure (a real MNIST report)',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir('headroom-summary-report-');
      const native = await nativeReport(
        join(DATASETS, 'mnist_test/mnist_test.csv'),
        join(dir, 'mnist.headroom'),
      );
      expectSameReport(native, native, 'itself');
      const changed = (s: SliceFigures, key: keyof SliceFigures): SliceFigures => {
        const v = s[key];
        const other =
          typeof v === 'number'
            ? v + 1
            : typeof v === 'boolean'
              ? !v
              : Array.isArray(v)
                ? [(v[0] as number) - 0.5, v[1]]
                : v === null || v === undefined
                  ? 'changed'
                  : `${v} changed`;
        return { ...s, [key]: other };
      };
      for (const key of FIGURES) {
        const summary: Report = { ...native, overall: changed(native.overall, key) };
        expect(() => expectSameReport(summary, native, key), key).toThrow();
      }
    },
  );
});
