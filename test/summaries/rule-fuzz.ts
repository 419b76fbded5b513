import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlEngine } from '../../electron/core/summaries/sql-engine.ts';
import Database from 'better-sqlite3';
import { compileForProject } from '../../electron/core/analysis/rules-store.ts';
import { matchRule } from '../../electron/core/analysis/rule-sql.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { rng } from '../rng.ts';

/**
 * Hostile text for column names and values: quotes of every kind, backslashes, SQL and HTML
 * injection, prototype keys, non-ASCII, line breaks (a few from the Big List of Naughty Strings).
 */
export const HOSTILE = [
  "'",
  '"',
  '`',
  '\\',
  "\\'",
  "' OR 1=1 --",
  '"; DROP TABLE examples; --',
  "'); SELECT 1; --",
  '`; DROP TABLE t; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  '${7*7}',
  '?',
  '$1',
  '{p:String}',
  '%s%n',
  'a\nb',
  'tab\there',
  'ünïcödé',
  '田中さんにあげて下さい',
  '👍🏽',
  'מִשְׁפָּט',
  'NULL',
  'phone',
];

export interface FuzzColumn {
  name: string;
  type: 'string' | 'number';
  values: string[];
}

/** Columns with hostile names; string values drawn from HOSTILE, numbers from a small set. */
export const FUZZ_COLUMNS: FuzzColumn[] = [
  { name: "dev'ice", type: 'string', values: HOSTILE.slice(0, 13) },
  { name: 'col"umn', type: 'string', values: HOSTILE.slice(10, 26) },
  { name: 'back`tick\\', type: 'string', values: ['x', 'y', "'", '`', '\\', ''] },
  { name: '__proto__', type: 'string', values: ['a', 'b', 'c', '<b>'] },
  { name: 'snr db', type: 'number', values: ['-3', '0', '2.5', '7', '1e1', '', '12.25'] },
];
export const FUZZ_CLASSES = ['cat', "d'og", 'b"ird', '<i>fish</i>'];

const csvField = (v: string) => `"${v.replaceAll('"', '""')}"`;

/** A seeded CSV of `rows` examples over FUZZ_COLUMNS; every field quoted. */
export function writeFuzzCsv(dir: string, seed: number, rows: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const header = ['id', 'label', 'prediction', ...FUZZ_COLUMNS.map((c) => c.name)];
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < rows; i++) {
    const label = pick(FUZZ_CLASSES);
    const prediction = r() < 0.7 ? label : pick(FUZZ_CLASSES);
    lines.push(
      [String(i), label, prediction, ...FUZZ_COLUMNS.map((c) => pick(c.values))]
        .map(csvField)
        .join(','),
    );
  }
  const path = join(dir, `fuzz-${seed}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const ident = (name: string) => `\`${name.replaceAll('`', '``')}\``;
const str = (v: string) => `"${v.replaceAll('"', '""')}"`;

/** A random rule in the rule language over the fuzz columns and the built-ins. */
export function randomRule(r: () => number, depth = 0): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  if (depth < 3 && r() < 0.45) {
    const kind = pick(['and', 'or', 'not'] as const);
    if (kind === 'not') return `not (${randomRule(r, depth + 1)})`;
    return `(${randomRule(r, depth + 1)}) ${kind} (${randomRule(r, depth + 1)})`;
  }
  const builtIn = r() < 0.25;
  if (builtIn) {
    const which = pick(['label', 'prediction', 'correct', 'id'] as const);
    if (which === 'correct') return `correct = ${pick(['0', '1'])}`;
    if (which === 'id') return `id ${pick(['<', '>=', '='])} ${str(String(Math.floor(r() * 300)))}`;
    return `${which} ${pick(['=', '!=', '<', '>='])} ${str(pick(FUZZ_CLASSES))}`;
  }
  const c = pick(FUZZ_COLUMNS);
  const col = ident(c.name);
  if (c.type === 'number') {
    const v = pick(['-3', '0', '2.5', '7', '10', '12.25', '5']);
    const form = pick(['cmp', 'in', 'null'] as const);
    if (form === 'in') return `${col} ${pick(['in', 'not in'])} (${v}, ${pick(['0', '7'])})`;
    if (form === 'null') return `${col} is ${pick(['', 'not '])}null`;
    return `${col} ${pick(['=', '!=', '<', '<=', '>', '>='])} ${v}`;
  }
  const v = pick([...c.values.filter((x) => x !== ''), ...HOSTILE]);
  const form = pick(['cmp', 'in', 'null', 'contains'] as const);
  if (form === 'in') return `${col} ${pick(['in', 'not in'])} (${str(v)}, ${str(pick(HOSTILE))})`;
  if (form === 'null') return `${col} is ${pick(['', 'not '])}null`;
  if (form === 'contains') return `${col} contains ${str(v.slice(0, 2) || v)}`;
  return `${col} ${pick(['=', '!=', '<', '>='])} ${str(v)}`;
}

/** The engine with every SQL text it sends recorded. */
export function recording(engine: SqlEngine): { engine: SqlEngine; sql: string[] } {
  const sql: string[] = [];
  const query: SqlEngine['query'] = (text, params) => {
    sql.push(text);
    return engine.query(text, params);
  };
  return { engine: { ...engine, query }, sql };
}

/**
 * The SQL with its string literals and quoted identifiers removed, read by the dialect's own
 * rules (DuckDB: doubled quotes; ClickHouse: backslash escapes too). A value escaped wrongly ends
 * its literal early, and what follows is left in the outside text, where the test looks for it.
 */
export function outsideQuotes(
  sql: string,
  dialect: 'duckdb' | 'clickhouse',
): { outside: string; literals: string[] } {
  let outside = '';
  const literals: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const closer = c === "'" ? "'" : c === '"' ? '"' : c === '`' ? '`' : null;
    if (!closer) {
      outside += c;
      i++;
      continue;
    }
    let j = i + 1;
    let value = '';
    for (;;) {
      if (j >= sql.length) throw new Error(`unterminated quote at ${i} in ${sql.slice(i, i + 80)}`);
      const d = sql[j] as string;
      if (dialect === 'clickhouse' && d === '\\') {
        value += sql[j + 1] ?? '';
        j += 2;
        continue;
      }
      if (d === closer) {
        if (sql[j + 1] === closer) {
          value += d;
          j += 2;
          continue;
        }
        break;
      }
      value += d;
      j++;
    }
    if (c === "'") literals.push(value);
    outside += ' ';
    i = j + 1;
  }
  return { outside, literals };
}

/** Hostile values that are not plain words (NULL and phone may be SQL text of our own). */
export const INJECTIONS = HOSTILE.filter((x) => x.length >= 4 && /[^A-Za-z0-9_]/.test(x));

/** Native counts of each rule: the project's SQLite rule compiler over the imported rows. */
export async function nativeCounts(dir: string, csv: string, rules: string[]): Promise<number[]> {
  const project = join(dir, `${rules.length}-${Math.random().toString(36).slice(2)}.headroom`);
  const service = createService();
  const imp = await service.dispatch('imports.run', { project, file: csv });
  service.close();
  if (!imp.ok) throw new Error(imp.error.message);
  const db = new Database(project, { readonly: true });
  try {
    const runId = (db.prepare('SELECT id FROM runs').get() as { id: number }).id;
    return rules.map((r) => matchRule(db, compileForProject(db, r), runId).length);
  } finally {
    db.close();
  }
}
