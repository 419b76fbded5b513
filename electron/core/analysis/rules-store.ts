import type { Database } from 'better-sqlite3';
import { bumpDataVersion } from '../db/data-version.ts';
import { writeTx } from '../db/project-file.ts';
import { HeadroomError, quote } from '../errors.ts';
import { RuleError, parseRule } from './rule-parser.ts';
import { compileRule, matchRule, ruleColumns, type CompiledRule } from './rule-sql.ts';

export interface RuleRow {
  id: number;
  name: string;
  expression: string;
}

/** Parses and compiles a rule for this project; syntax and unknown columns are BAD_RULE. */
export function compileForProject(db: Database, expression: string): CompiledRule {
  try {
    return compileRule(parseRule(expression), ruleColumns(db));
  } catch (err) {
    if (err instanceof RuleError)
      throw new HeadroomError('BAD_RULE', `Rule ${quote(expression)}: ${err.message}.`);
    throw err;
  }
}

/** Positions matching an expression on a run (a filter: the same language as saved rules). */
export function positionsWhere(db: Database, expression: string, runId: number): number[] {
  return matchRule(db, compileForProject(db, expression), runId);
}

export function listRules(db: Database): RuleRow[] {
  return db
    .prepare<[], RuleRow>(
      'SELECT id, name, expression FROM rules WHERE deleted_at IS NULL ORDER BY name',
    )
    .all();
}

export function addRule(db: Database, name: string, expression: string): RuleRow {
  const n = name.trim();
  if (n.length === 0 || n.length > 200)
    throw new HeadroomError('INVALID_INPUT', 'A rule name has 1 to 200 characters.');
  compileForProject(db, expression);
  return writeTx(db, () => {
    bumpDataVersion(db);
    if (db.prepare('SELECT 1 FROM rules WHERE name = ? AND deleted_at IS NULL').get(n)) {
      throw new HeadroomError('CONFLICT', `A rule named ${quote(n)} exists already.`);
    }
    const id = Number(
      db
        .prepare('INSERT INTO rules (name, expression, created_at) VALUES (?, ?, ?)')
        .run(n, expression, new Date().toISOString()).lastInsertRowid,
    );
    return { id, name: n, expression };
  });
}

export function deleteRule(db: Database, name: string): void {
  writeTx(db, () => {
    bumpDataVersion(db);
    const r = db
      .prepare('UPDATE rules SET deleted_at = ? WHERE name = ? AND deleted_at IS NULL')
      .run(new Date().toISOString(), name);
    if (r.changes === 0) throw new HeadroomError('NOT_FOUND', `No rule named ${quote(name)}.`);
  });
}
