import type { ImportProgress } from '../../../../shared/imports.ts';
import { SINGLE_COLUMN_ROLES } from '../../../../shared/role-names.ts';
import type { ColumnRole } from '../../../../shared/roles.ts';

/** "42 s left", "3 min left" from the bytes read so far, or null before there is a rate. */
export function timeLeft(p: ImportProgress): string | null {
  if (p.totalBytes <= 0 || p.bytes <= 0 || p.elapsedMs < 300) return null;
  const rate = p.bytes / p.elapsedMs;
  const ms = Math.max(0, (p.totalBytes - p.bytes) / rate);
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s left`;
  return `${Math.round(s / 60)} min left`;
}

/** The import progress bar's words: rows, speed and time left; then that it is finishing. */
export function progressLabel(p: ImportProgress | null): string {
  if (!p) return 'Starting…';
  const rows = p.rows.toLocaleString('en-US');
  if (p.finishing) return `${rows} rows read. Finishing: checking ids and saving the project…`;
  const left = timeLeft(p);
  return `${p.again ? 'Reading again (the file repeats ids): ' : ''}${rows} rows, ${Math.round(p.rowsPerSec).toLocaleString('en-US')} rows/s${left ? `, ${left}` : ''}`;
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five'];

/** Roles that name one column at most (as the engine's import plan requires). */
const SINGLE_ROLES = new Set<string>(SINGLE_COLUMN_ROLES);

/**
 * Columns that share a role only one column may have, each with what to do, in the screen's
 * words: "two columns are the label: keep one" on both rows.
 */
export function roleConflicts(mapping: { column: string; role: string }[]): Map<string, string> {
  const byRole = new Map<string, string[]>();
  for (const m of mapping) {
    if (!SINGLE_ROLES.has(m.role)) continue;
    byRole.set(m.role, [...(byRole.get(m.role) ?? []), m.column]);
  }
  const conflicts = new Map<string, string>();
  for (const [role, columns] of byRole) {
    if (columns.length < 2) continue;
    const n = COUNT_WORDS[columns.length] ?? String(columns.length);
    for (const c of columns) conflicts.set(c, `${n} columns are the ${role}: keep one`);
  }
  return conflicts;
}

/**
 * What a new project's import still needs, in the screen's words: every row needs an id and a
 * label, and the dashboard needs predictions (or a score).
 */
export function missingRoles(mapping: { column: string; role: string }[]): string[] {
  const has = (role: ColumnRole) => mapping.some((m) => m.role === role);
  const missing: string[] = [];
  if (!has('id')) missing.push('No column is the id: pick one below (every row needs an id).');
  if (!has('label')) missing.push('No column is the label: pick one below.');
  if (!has('prediction') && !has('score')) {
    missing.push('No column is the prediction (or a score): pick one below.');
  }
  return missing;
}

/**
 * The engine's own objection to the plan, for the cases the screen does not check itself, without
 * the command line's instructions (sentences naming --map).
 */
export function engineProblemInUiWords(problem: string): string {
  return problem
    .split(/(?<=\.) /)
    .filter((sentence) => !sentence.includes('--map'))
    .join(' ');
}

/** A few distinct sample values of column `index` from the preview's rows, shortened. */
export function sampleValues(rows: (string | null)[][], index: number, max = 3): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    const v = row[index];
    if (v === null || v === undefined || v === '') continue;
    seen.add(v.length > 40 ? `${v.slice(0, 39)}…` : v);
    if (seen.size >= max) break;
  }
  return [...seen];
}
