import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../helpers.ts';
import { expect } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Baseline, Reference } from '../../shared/baselines.ts';
import { sliceFiguresSchema, type Report, type SliceFigures } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { duckdbString } from '../../electron/core/summaries/duckdb-engine.ts';

/**
 * The slice fields not compared figure by figure here, each with why. Every other field of
 * sliceFiguresSchema is (FIGURES), so a figure added to the schema is compared unless it is
 * named here with a reason.
 */
export const NOT_COMPARED = new Map<keyof SliceFigures, string>([
  ['baselines', 'compared as a list by expectSameBaselines'],
  ['ap', 'needs a positive class, which a summary project refuses (no per-example scores)'],
]);

/** The figures of analysis.md 2-4 and 8 a summary project reports, as the native report gives them. */
export const FIGURES = (Object.keys(sliceFiguresSchema.shape) as (keyof SliceFigures)[]).filter(
  (key) => !NOT_COMPARED.has(key),
);

/** The report of a project through the service, as the CLI and the UI get it (default reference). */
export async function serviceReport(project: string, reference?: Reference): Promise<Report> {
  const service = createService();
  try {
    const opened = await service.dispatch('project.open', { path: project });
    if (!opened.ok) throw new Error(opened.error.message);
    const env = await service.dispatch('slices.report', reference ? { reference } : {});
    if (!env.ok) throw new Error(env.error.message);
    return env.value as Report;
  } finally {
    service.close();
  }
}

/** The report of a project under a metric (recall:C, precision:C) through the service. */
export async function metricReport(project: string, metric: string): Promise<Report> {
  const service = createService();
  try {
    const opened = await service.dispatch('project.open', { path: project });
    if (!opened.ok) throw new Error(opened.error.message);
    const env = await service.dispatch('slices.report', { metric });
    if (!env.ok) throw new Error(env.error.message);
    return env.value as Report;
  } finally {
    service.close();
  }
}

/**
 * MNIST with a second run b (right where the model erred on every 7th id, wrong on every 11th,
 * else the model's prediction): `both` is the file with b's predictions as column prediction_b
 * (for summarize --run-column b=prediction_b), `native` a project with the model imported and b
 * imported as run "b".
 */
export async function mnistWithRunB(dir: string): Promise<{ both: string; native: string }> {
  const lines = readFileSync(join(DATASETS, 'mnist_test/mnist_test.csv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const header = (lines[0] as string).split(',');
  const at = (name: string) => header.indexOf(name);
  const rows = lines.slice(1).map((l) => {
    const f = l.split(',');
    const id = Number(f[at('id')]);
    const label = f[at('label')] as string;
    const b =
      id % 11 === 0
        ? String((Number(label) + 1) % 10)
        : id % 7 === 0
          ? label
          : (f[at('prediction')] as string);
    return { line: l, id: f[at('id')] as string, label, b };
  });
  const model = join(dir, 'mnist-model.csv');
  writeFileSync(model, lines.join('\n') + '\n');
  const runB = join(dir, 'mnist-b.csv');
  writeFileSync(
    runB,
    ['id,label,prediction', ...rows.map((r) => `${r.id},${r.label},${r.b}`)].join('\n') + '\n',
  );
  const both = join(dir, 'mnist-with-b.csv');
  writeFileSync(
    both,
    [`${lines[0]},prediction_b`, ...rows.map((r) => `${r.line},${r.b}`)].join('\n') + '\n',
  );
  const native = join(dir, 'runs-native.headroom');
  await nativeReport(model, native);
  const service = createService();
  const imp = await service.dispatch('imports.run', {
    project: native,
    file: runB,
    kind: 'run',
    name: 'b',
  });
  service.close();
  if (!imp.ok) throw new Error(imp.error.message);
  return { both, native };
}

/** A native import of `file` into `project`, and its report. */
export async function nativeReport(file: string, project: string): Promise<Report> {
  const service = createService();
  const imp = await service.dispatch('imports.run', { project, file });
  service.close();
  if (!imp.ok) throw new Error(imp.error.message);
  return serviceReport(project);
}

/** Same baselines in the same order: sources and n exactly, values and intervals within 1e-12. */
function expectSameBaselines(a: Baseline[] | undefined, b: Baseline[] | undefined, where: string) {
  expect(
    (a ?? []).map((x) => [x.source, x.detail, x.n]),
    where,
  ).toEqual((b ?? []).map((x) => [x.source, x.detail, x.n]));
  (b ?? []).forEach((x, i) => {
    const y = (a ?? [])[i] as Baseline;
    expect(Math.abs(y.value - x.value), `${where} ${x.source}`).toBeLessThanOrEqual(1e-12);
    // A baseline without an interval (a target entered without n) has none in both.
    if (!x.ci || !y.ci)
      return void expect(y.ci ?? null, `${where} ${x.source} ci`).toBe(x.ci ?? null);
    for (let k = 0; k < 2; k++)
      expect(
        Math.abs((y.ci[k] as number) - (x.ci[k] as number)),
        `${where} ${x.source} ci`,
      ).toBeLessThanOrEqual(1e-12);
  });
}

/** Same slices in the same order, n and counts exactly, every figure within 1e-12. */
export function expectSameReport(summary: Report, native: Report, what: string): void {
  expect([summary.metric, summary.reference], `${what}: metric and reference`).toEqual([
    native.metric,
    native.reference,
  ]);
  expect(
    summary.slices.map((s) => s.id),
    `${what}: slice ids`,
  ).toEqual(native.slices.map((s) => s.id));
  const pairs: [SliceFigures, SliceFigures][] = [[summary.overall, native.overall]];
  summary.slices.forEach((s, i) => pairs.push([s, native.slices[i] as SliceFigures]));
  for (const [s, n] of pairs) {
    expect(n.baselines?.length ?? 0, `${what}: ${n.id} has baselines`).toBeGreaterThan(0);
    expectSameBaselines(s.baselines, n.baselines, `${what}: ${n.id} baselines`);
    for (const key of FIGURES) {
      const a = s[key];
      const b = n[key];
      const where = `${what}: ${n.id} ${key}`;
      if (typeof b === 'number' && typeof a === 'number') {
        if (key === 'n' || key === 'hlp_n') expect(a, where).toBe(b);
        else expect(Math.abs(a - b), `${where}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12);
      } else if (Array.isArray(b) && Array.isArray(a)) {
        expect(a.length, where).toBe(2);
        for (let k = 0; k < 2; k++)
          expect(Math.abs((a[k] as number) - (b[k] as number)), where).toBeLessThanOrEqual(1e-12);
      } else expect(a, where).toEqual(b);
    }
  }
}

/**
 * A summary with another run read from a column (`--run-column b=...`) equals the native project
 * with run b imported: its report (run:b among the baselines) and its report against run:b.
 */
export async function expectSameWithRunB(
  project: string,
  native: string,
  what: string,
): Promise<void> {
  const want = await serviceReport(native);
  expect(want.overall.baselines?.some((x) => x.source === 'run:b')).toBe(true);
  expectSameReport(await serviceReport(project), want, `${what} with run b`);
  expectSameReport(
    await serviceReport(project, 'run:b'),
    await serviceReport(native, 'run:b'),
    `${what} against run:b`,
  );
}

/** A Parquet copy of a CSV written by DuckDB, its columns typed by DuckDB's detection. */
export async function parquetCopy(csv: string, dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(
    `COPY (SELECT * FROM read_csv(${duckdbString(csv)}, header = true)) TO ${duckdbString(out)} (FORMAT parquet)`,
  );
  conn.closeSync();
  instance.closeSync();
  return out;
}
