import { describe, expect, it } from 'vitest';
import {
  tableRows,
  DEFAULT_GROUP_PREFS,
} from '../../renderer/src/features/dashboard/slice-groups.ts';
import type { SliceFigures } from '../../shared/report.ts';

const slice = (id: string, name: string, gap: number | null) =>
  ({ id, name, kind: id.startsWith('meta:') ? 'metadata' : 'class', gap }) as SliceFigures;

describe("a numeric column's group head", () => {
  it('carries the column and its bin with the largest gap; other groups carry none', () => {
    const slices = [
      slice('meta:age:bin1', 'age in [30, 40)', 0.02),
      slice('class:cat', 'label = cat', 0.3),
      slice('meta:age:bin0', 'age in [18, 30)', 0.08),
      slice('meta:age:bin2', 'age in [40, 90]', null),
      slice('meta:device=phone', 'device = phone', 0.1),
    ];
    const heads = tableRows(slices, DEFAULT_GROUP_PREFS).flatMap((r) => (r.head ? [r.head] : []));
    expect(heads.map((h) => h.key)).toEqual(['column:age', 'classes', 'column:device']);
    const age = heads[0];
    expect(age?.size).toBe(3);
    expect(age?.binned?.column).toBe('age');
    expect(age?.binned?.worst?.name).toBe('age in [18, 30)');
    expect(heads[1]?.binned).toBeUndefined();
    expect(heads[2]?.binned).toBeUndefined();
  });

  it('has no worst bin when no bin has a gap', () => {
    const heads = tableRows(
      [slice('meta:x:bin0', 'x in [0, 1)', null), slice('meta:x:bin1', 'x in [1, 2]', null)],
      DEFAULT_GROUP_PREFS,
    ).flatMap((r) => (r.head ? [r.head] : []));
    expect(heads[0]?.binned).toEqual({ column: 'x', worst: null });
  });
});
