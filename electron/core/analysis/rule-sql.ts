import type { Database } from 'better-sqlite3';
import { quote } from '../errors.ts';
import { RuleError, type Literal, type RuleNode } from './rule-parser.ts';

/** A column a rule may name: the SQL that reads it (our own identifiers only) and its type. */
export interface RuleColumn {
  sql: string;
  type: 'number' | 'string';
}

/** id, label, input of the example; prediction, confidence, score, correct of the run. */
const BUILT_IN: Record<string, RuleColumn> = {
  id: { sql: 'e.id', type: 'string' },
  label: { sql: 'e.label', type: 'string' },
  input: { sql: 'e.input', type: 'string' },
  prediction: { sql: 'p.prediction', type: 'string' },
  confidence: { sql: 'p.confidence', type: 'number' },
  score: { sql: 'p.score', type: 'number' },
  correct: { sql: '(p.prediction = e.label)', type: 'number' },
};

/** The columns rules can use in this project: the built-ins and every metadata column. */
export function ruleColumns(db: Database): Map<string, RuleColumn> {
  const cols = new Map<string, RuleColumn>(Object.entries(BUILT_IN));
  const rows = db
    .prepare<[], { name: string; sql_name: string; type: 'number' | 'string' }>(
      'SELECT name, sql_name, type FROM columns WHERE sql_name IS NOT NULL',
    )
    .all();
  for (const r of rows) {
    // sql_name is m_<n>, written by the importer: never user text.
    if (!/^m_\d+$/.test(r.sql_name))
      throw new Error(`unexpected column storage name ${r.sql_name}`);
    cols.set(r.name, { sql: `e.${r.sql_name}`, type: r.type });
  }
  return cols;
}

export interface CompiledRule {
  /** A WHERE condition over `examples e LEFT JOIN predictions p`; user text only in `params`. */
  where: string;
  params: (string | number)[];
}

/**
 * How a rule's condition is written in one engine's SQL (SQLite here; DuckDB and ClickHouse in
 * electron/core/summaries/). `value` returns a placeholder and pushes the value to `params`, or
 * returns the value quoted by the engine's own rules: user text is never pasted as is.
 */
export interface RuleDialect {
  value(v: string | number, params: (string | number)[]): string;
  /** NOT of a condition where NULL counts as false. */
  not(cond: string): string;
  /** `text` holds `needle` (a placeholder or quoted literal from `value`). */
  contains(text: string, needle: string): string;
  /** `text` [NOT] IN (list), NULL (not true) when `text` is NULL. */
  inList(text: string, list: string, negated: boolean): string;
}

/** IN as SQLite and DuckDB write it: NULL [NOT] IN (...) is NULL. */
export const standardIn = (text: string, list: string, negated: boolean) =>
  `(${text} ${negated ? 'NOT IN' : 'IN'} (${list}))`;

export const SQLITE_RULES: RuleDialect = {
  value(v, params) {
    params.push(v);
    return '?';
  },
  // NULL counts as false, so "not (device = 'x')" keeps rows where device is empty.
  not: (cond) => `(NOT coalesce(${cond}, 0))`,
  contains: (text, needle) => `(instr(${text}, ${needle}) > 0)`,
  inList: standardIn,
};

/** Turns a parsed rule into a condition with bound parameters. */
export function compileRule(
  tree: RuleNode,
  columns: ReadonlyMap<string, RuleColumn>,
  dialect: RuleDialect = SQLITE_RULES,
): CompiledRule {
  const params: (string | number)[] = [];
  const column = (name: string, pos: number): RuleColumn => {
    const c = columns.get(name);
    if (!c) {
      const known = [...columns.keys()].slice(0, 40).map(quote).join(', ');
      throw new RuleError(`unknown column ${quote(name)} (columns: ${known})`, pos);
    }
    return c;
  };
  const bind = (c: RuleColumn, v: Literal, name: string, pos: number): string => {
    if (c.type === 'number') {
      if (v.kind !== 'number')
        throw new RuleError(`${quote(name)} is a number column: compare it with a number`, pos);
      return dialect.value(v.value, params);
    }
    return dialect.value(v.kind === 'number' ? v.text : v.value, params);
  };
  const walk = (node: RuleNode): string => {
    switch (node.type) {
      case 'and':
        return `(${walk(node.left)} AND ${walk(node.right)})`;
      case 'or':
        return `(${walk(node.left)} OR ${walk(node.right)})`;
      case 'not':
        return dialect.not(walk(node.operand));
      case 'compare': {
        const c = column(node.column, node.columnPos);
        return `(${c.sql} ${node.op} ${bind(c, node.value, node.column, node.columnPos)})`;
      }
      case 'in': {
        const c = column(node.column, node.columnPos);
        const list = node.values.map((v) => bind(c, v, node.column, node.columnPos)).join(', ');
        return dialect.inList(c.sql, list, node.negated);
      }
      case 'null': {
        const c = column(node.column, node.columnPos);
        return `(${c.sql} IS ${node.negated ? 'NOT NULL' : 'NULL'})`;
      }
      case 'contains': {
        const c = column(node.column, node.columnPos);
        return dialect.contains(c.sql, dialect.value(node.value, params));
      }
    }
  };
  return { where: walk(tree), params };
}

/** Positions of the examples matching a compiled rule for a run. */
export function matchRule(db: Database, rule: CompiledRule, runId: number): number[] {
  const sql = `SELECT e.pos FROM examples e LEFT JOIN predictions p ON p.pos = e.pos AND p.run_id = ? WHERE ${rule.where}`;
  return db
    .prepare(sql)
    .pluck()
    .all(runId, ...rule.params) as number[];
}
