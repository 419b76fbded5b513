import { describe, expect, it } from 'vitest';
import { planColumns } from '../../electron/core/importers/detect-roles.ts';
import { openDuckdb } from '../../electron/core/summaries/duckdb-engine.ts';
import { computeSummary } from '../../electron/core/summaries/summary-query.ts';
import { NUMBER_PATTERN } from '../../electron/core/summaries/sql-engine.ts';
import { rng, tempDir } from '../helpers.ts';
import {
  FUZZ_COLUMNS,
  INJECTIONS,
  nativeCounts,
  outsideQuotes,
  randomRule,
  recording,
  writeFuzzCsv,
} from './rule-fuzz.ts';

const dir = tempDir('headroom-rule-fuzz-');

describe('rules compiled to DuckDB count what the native engine counts', () => {
  for (const seed of [1, 2, 3]) {
    it(
      `seed ${seed}: 60 random rules over hostile names and values`,
      { timeout: 120_000 },
      async () => {
        const csv = writeFuzzCsv(dir, seed, 300);
        const r = rng(seed * 7919);
        const rules = Array.from({ length: 60 }, () => randomRule(r));
        const native = await nativeCounts(dir, csv, rules);
        const { engine, sql } = recording(await openDuckdb(csv));
        try {
          const header = await engine.columns();
          expect(header.slice(3)).toEqual(FUZZ_COLUMNS.map((c) => c.name));
          const stats = await computeSummary(
            engine,
            planColumns(header, 'examples'),
            rules.map((expression, id) => ({ id, name: `r${id}`, expression })),
          );
          const counts = rules.map(
            (_e, id) => stats.slices.find((s) => s.id === `rule:${id}`)?.size,
          );
          rules.forEach((rule, k) => expect(counts[k], rule).toBe(native[k]));
          expect(native.some((n) => n > 0) && native.some((n) => n < 300)).toBe(true);
        } finally {
          await engine.close();
        }
        // DuckDB: every user value is a bound parameter: the only string literals are ours.
        for (const text of sql) {
          const { outside, literals } = outsideQuotes(text, 'duckdb');
          for (const lit of literals) expect(['', csv, NUMBER_PATTERN]).toContain(lit);
          for (const h of INJECTIONS) expect(outside).not.toContain(h);
        }
      },
    );
  }
});
