import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SliceFigures } from '../../shared/report.ts';
import type { ExampleRow } from '../../shared/examples.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { headroomCli, rng, tempDir } from '../helpers.ts';

/**
 * Issue #13 point 1: names that are also Object.prototype properties are user text like any
 * other. Used as column names, metadata values, class names, tag, rule, run and slice names, they
 * import, and every figure equals a count made here from the generated file (never by the engine).
 */
const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype'];
const ROWS = 600;

const dir = tempDir('headroom-proto-');
const headroom = (...args: string[]) => headroomCli(dir, ...args);

interface Row {
  id: string;
  label: string;
  prediction: string;
  humans: [string, string];
  meta: string[]; // one value per NAMES column
}

const pick = (r: () => number) => NAMES[Math.floor(r() * NAMES.length)] as string;

function makeRows(seed: number): Row[] {
  const r = rng(seed);
  return Array.from({ length: ROWS }, (_, i) => {
    const label = pick(r);
    const prediction = r() < 0.7 ? label : pick(r);
    const human = () => (r() < 0.8 ? label : pick(r));
    return {
      id: `ex${i}`,
      label,
      prediction,
      humans: [human(), human()],
      meta: NAMES.map(() => pick(r)),
    };
  });
}

const rows = makeRows(13);
const csv = join(dir, 'proto.csv');
writeFileSync(
  csv,
  [
    ['id', 'label', 'prediction', 'human_label_1', 'human_label_2', ...NAMES].join(','),
    ...rows.map((x) => [x.id, x.label, x.prediction, ...x.humans, ...x.meta].join(',')),
  ].join('\n') + '\n',
);
const project = join(dir, 'proto.headroom');

/** Accuracy and HLP (mean human agreement with the given label) of the rows, counted here. */
function expected(sel: readonly Row[]): { n: number; accuracy: number; hlp: number } {
  const correct = sel.filter((x) => x.prediction === x.label).length;
  const agree = sel.reduce((s, x) => s + x.humans.filter((h) => h === x.label).length / 2, 0);
  return { n: sel.length, accuracy: correct / sel.length, hlp: agree / sel.length };
}

function report(...extra: string[]): SliceFigures[] {
  const r = headroom('report', project, '--format', 'json', ...extra);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const rep = JSON.parse(r.out) as { overall: SliceFigures; slices: SliceFigures[] };
  return [rep.overall, ...rep.slices];
}

function slice(all: readonly SliceFigures[], name: string): SliceFigures {
  const s = all.find((x) => x.name === name);
  expect(s, `slice "${name}" in ${all.map((x) => x.name).join(' | ')}`).toBeDefined();
  return s as SliceFigures;
}

function expectFigures(s: SliceFigures, sel: readonly Row[]): void {
  const want = expected(sel);
  expect(s.n, s.name).toBe(want.n);
  expect(s.accuracy, s.name).toBeCloseTo(want.accuracy, 12);
  expect(s.hlp, s.name).toBeCloseTo(want.hlp, 12);
}

describe('Object.prototype names as user text (issue #13 point 1)', () => {
  it('imports a file whose columns, classes and values are such names (real CLI)', () => {
    const r = headroom('import', csv, '--project', project, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as {
      rowsImported: number;
      mapping: { column: string; role: string }[];
    };
    expect(summary.rowsImported).toBe(ROWS);
    for (const name of NAMES) {
      expect(summary.mapping.find((m) => m.column === name)?.role, name).toBe('metadata');
    }
  });

  it('report: class and metadata slices equal counts from the file', () => {
    const all = report();
    expectFigures(slice(all, 'all examples'), rows);
    for (const cls of NAMES) {
      expectFigures(
        slice(all, `label = ${cls}`),
        rows.filter((x) => x.label === cls),
      );
    }
    NAMES.forEach((col, k) => {
      for (const value of NAMES) {
        expectFigures(
          slice(all, `${col} = ${value}`),
          rows.filter((x) => x.meta[k] === value),
        );
      }
    });
  });

  it('--map and datasets.preview take such column names (own keys, "__proto__" kept)', async () => {
    const mapped = join(dir, 'mapped.headroom');
    const r = headroom(
      'import',
      csv,
      '--project',
      mapped,
      '--map',
      'ignore=__proto__',
      '--map',
      'text=constructor',
      '--map',
      'ignore=toString',
      '--json',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const roles = new Map(
      (JSON.parse(r.out) as { mapping: { column: string; role: string }[] }).mapping.map((m) => [
        m.column,
        m.role,
      ]),
    );
    expect(roles.get('__proto__')).toBe('ignore');
    expect(roles.get('constructor')).toBe('text');
    expect(roles.get('toString')).toBe('ignore');
    expect(roles.get('valueOf')).toBe('metadata');

    const service = createService();
    try {
      const map = JSON.parse('{"__proto__": "ignore", "valueOf": "categorical"}') as Record<
        string,
        string
      >;
      const env = await service.dispatch('imports.preview', { file: csv, map });
      expect(env.ok, JSON.stringify(env)).toBe(true);
      if (env.ok) {
        const m = (env.value as { mapping: { column: string; role: string }[] }).mapping;
        expect(m.find((x) => x.column === '__proto__')?.role).toBe('ignore');
        expect(m.find((x) => x.column === 'valueOf')?.role).toBe('categorical');
      }
      const bad = await service.dispatch('imports.preview', { file: csv, map: { label: 'nope' } });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.code).toBe('INVALID_INPUT');
    } finally {
      service.close();
    }
  });

  it('tags named so: tag, rename, merge, import --as tags, and their report slices', () => {
    const ids = (sel: readonly Row[]) => sel.map((x) => x.id).join(',');
    const byLabel = (c: string) => rows.filter((x) => x.label === c);
    expect(headroom('tag', project, 'constructor', '--ids', ids(byLabel('valueOf'))).code).toBe(0);
    expect(headroom('tag', project, '__proto__', '--ids', ids(byLabel('toString'))).code).toBe(0);
    expect(headroom('tag', project, 'valueOf', '--ids', ids(byLabel('prototype'))).code).toBe(0);
    const tagsFile = join(dir, 'tags.csv');
    const hasOwn = rows.filter((x) => x.meta[0] === 'hasOwnProperty');
    writeFileSync(tagsFile, `id,tag\n${hasOwn.map((x) => `${x.id},hasOwnProperty`).join('\n')}\n`);
    const imp = headroom('import', tagsFile, '--project', project, '--as', 'tags');
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    expect(headroom('tags', project, 'rename', 'constructor', 'toString').code).toBe(0);
    expect(headroom('tags', project, 'merge', 'valueOf', '__proto__').code).toBe(0);

    const list = headroom('tags', project, 'list', '--json');
    expect(list.code).toBe(0);
    const all = report();
    expectFigures(slice(all, 'toString'), byLabel('valueOf'));
    expectFigures(
      slice(all, '__proto__'),
      rows.filter((x) => x.label === 'toString' || x.label === 'prototype'),
    );
    expectFigures(slice(all, 'hasOwnProperty'), hasOwn);
    expect(all.some((s) => s.kind === 'tag' && s.name === 'valueOf')).toBe(false);
    expect(all.some((s) => s.kind === 'tag' && s.name === 'constructor')).toBe(false);
  });

  it('rules named so, over columns named so, and examples --where/--sort on them', () => {
    const add = headroom(
      'rule',
      'add',
      project,
      'prototype',
      '__proto__ = "valueOf" and constructor != "toString"',
    );
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    const want = rows.filter((x) => x.meta[4] === 'valueOf' && x.meta[0] !== 'toString');
    expectFigures(slice(report(), 'prototype'), want);

    const ex = headroom(
      'examples',
      project,
      '--where',
      'hasOwnProperty = "__proto__"',
      '--sort',
      'meta:__proto__',
      '--limit',
      '1000',
      '--format',
      'json',
    );
    expect(ex.err).toBe('');
    expect(ex.code).toBe(0);
    const out = JSON.parse(ex.out) as { total: number; rows: ExampleRow[] };
    const matching = rows.filter((x) => x.meta[3] === '__proto__');
    expect(out.total).toBe(matching.length);
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const row of out.rows) {
      const src = byId.get(row.id) as Row;
      // Every metadata column is an own key of the row's meta, "__proto__" included.
      expect(Object.keys(row.meta).sort()).toEqual([...NAMES].sort());
      NAMES.forEach((col, k) =>
        expect(Object.getOwnPropertyDescriptor(row.meta, col)?.value).toBe(src.meta[k]),
      );
    }
    const sorted = out.rows.map((r) =>
      String(Object.getOwnPropertyDescriptor(r.meta, '__proto__')?.value),
    );
    expect(sorted).toEqual([...sorted].sort());

    const given = headroom(
      'examples',
      project,
      '--given',
      '__proto__',
      '--errors',
      '--format',
      'json',
      '--limit',
      '1000',
    );
    expect(given.code).toBe(0);
    expect((JSON.parse(given.out) as { total: number }).total).toBe(
      rows.filter((x) => x.label === '__proto__' && x.prediction !== x.label).length,
    );
  });

  it('slice settings on such slice names: entered HLP, share, weights', () => {
    expect(headroom('hlp', 'set', project, 'label = constructor', '0.93', '--n', '100').code).toBe(
      0,
    );
    expect(headroom('share', 'set', project, '__proto__ = toString', '20%').code).toBe(0);
    expect(headroom('weight', project, 'hasOwnProperty', '--ease', '2').code).toBe(0);
    const all = report();
    const cons = slice(all, 'label = constructor');
    expect(cons.hlp).toBe(0.93);
    expect(cons.hlp_entered).toBe(true);
    const share = slice(all, '__proto__ = toString');
    expect(share.share).toBe(0.2);
    expect(share.share_entered).toBe(true);
    expect(slice(all, 'hasOwnProperty').ease).toBe(2);
  });

  it('a run and human votes over such classes; JSONL with such keys', () => {
    const r = rng(7);
    const probs = rows.map(() => {
      const raw = NAMES.map(() => r() + 0.01);
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((v) => v / sum);
    });
    const runFile = join(dir, 'run2.csv');
    writeFileSync(
      runFile,
      [
        ['id', 'prediction', ...NAMES.map((c) => `p_${c}`)].join(','),
        ...rows.map((x, i) => {
          const p = probs[i] as number[];
          const best = NAMES[p.indexOf(Math.max(...p))] as string;
          return [x.id, best, ...p].join(',');
        }),
      ].join('\n') + '\n',
    );
    const imp = headroom('import', runFile, '--project', project, '--run', 'constructor');
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    const all = report('--run', 'constructor');
    for (const cls of NAMES) {
      const sel = rows.filter((x) => x.label === cls);
      const acc =
        sel.filter((x) => {
          const p = probs[rows.indexOf(x)] as number[];
          return NAMES[p.indexOf(Math.max(...p))] === x.label;
        }).length / sel.length;
      expect(slice(all, `label = ${cls}`).accuracy).toBeCloseTo(acc, 12);
    }

    const votes = join(dir, 'votes.csv');
    const vr = rng(11);
    const counts = rows.map(() => NAMES.map(() => Math.floor(vr() * 4)));
    writeFileSync(
      votes,
      [
        ['id', ...NAMES.map((c) => `human_votes_${c}`)].join(','),
        ...rows.map((x, i) => [x.id, ...(counts[i] as number[])].join(',')),
      ].join('\n') + '\n',
    );
    const hv = headroom('import', votes, '--project', project, '--as', 'humans', '--name', 'votes');
    expect(hv.err).toBe('');
    expect(hv.code).toBe(0);
    // The overall HLP of each human set, counted here: labels (tallied) and votes (by class).
    const info = JSON.parse(headroom('info', project, '--json').out) as {
      humans: { name: string; n: number; meanAgreement: number }[];
    };
    const voted = rows
      .map((x, i) => {
        const c = counts[i] as number[];
        const total = c.reduce((a, b) => a + b, 0);
        return total > 0 ? (c[NAMES.indexOf(x.label)] as number) / total : null;
      })
      .filter((a) => a !== null);
    const setOf = (name: string) => info.humans.find((h) => h.name === name);
    expect(setOf('votes')?.n).toBe(voted.length);
    expect(setOf('votes')?.meanAgreement).toBeCloseTo(
      voted.reduce((a, b) => a + b, 0) / voted.length,
      12,
    );
    expect(setOf('humans')?.meanAgreement).toBeCloseTo(expected(rows).hlp, 12);

    const jsonl = join(dir, 'proto.jsonl');
    writeFileSync(
      jsonl,
      rows
        .map((x) =>
          JSON.stringify(
            Object.fromEntries([
              ['id', x.id],
              ['label', x.label],
              ['prediction', x.prediction],
              ...NAMES.map((c, k) => [c, x.meta[k]]),
            ]),
          ),
        )
        .join('\n') + '\n',
    );
    const jp = join(dir, 'jsonl.headroom');
    const ji = headroom('import', jsonl, '--project', jp);
    expect(ji.err).toBe('');
    expect(ji.code).toBe(0);
    const jr = JSON.parse(headroom('report', jp, '--format', 'json').out) as {
      slices: SliceFigures[];
    };
    expect(slice(jr.slices, '__proto__ = constructor').n).toBe(
      rows.filter((x) => x.meta[4] === 'constructor').length,
    );
  });

  it('an unknown command named like a prototype property is bad usage (exit 2)', () => {
    for (const cmd of ['constructor', 'toString', '__proto__']) {
      const r = headroom(cmd, project);
      expect(r.code, cmd).toBe(2);
      expect(r.err).toMatch(new RegExp(`unknown command "${cmd}"`));
    }
  });
});
