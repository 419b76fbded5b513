import type { ImportProgress } from '../../../../shared/imports.ts';
import { COLUMN_ROLES } from '../../../../shared/role-names.ts';
import type { ColumnRole } from '../../../../shared/roles.ts';

/** "/data/preds.csv" -> "/data/preds.headroom": the new project beside its file. */
export function suggestProjectPath(file: string): string {
  const trimmed = file.trim();
  if (!trimmed) return '';
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  const dir = trimmed.slice(0, slash + 1);
  const name = trimmed.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${dir}${stem || 'project'}.headroom`;
}

/** "42 s left", "3 min left" from the bytes read so far, or null before there is a rate. */
export function timeLeft(p: ImportProgress): string | null {
  if (p.totalBytes <= 0 || p.bytes <= 0 || p.elapsedMs < 300) return null;
  const rate = p.bytes / p.elapsedMs;
  const ms = Math.max(0, (p.totalBytes - p.bytes) / rate);
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s left`;
  return `${Math.round(s / 60)} min left`;
}

/**
 * What must be fixed before a new project's import: every row needs an id and a label, and the
 * dashboard needs predictions (or a score); a role must be one of the known ones, and the roles
 * that name one column must not name two.
 */
export function mappingProblems(mapping: { column: string; role: string }[]): string[] {
  const problems: string[] = [];
  const known = new Set<string>(COLUMN_ROLES);
  for (const m of mapping) {
    if (!known.has(m.role)) problems.push(`column "${m.column}": unknown role "${m.role}"`);
  }
  const count = (role: ColumnRole) => mapping.filter((m) => m.role === role).length;
  if (count('id') === 0) problems.push('no column has the role id (every row needs an id)');
  if (count('label') === 0) problems.push('no column has the role label (the given label)');
  if (count('prediction') === 0 && count('score') === 0) {
    problems.push('no column has the role prediction (or score): the model is needed');
  }
  for (const role of ['id', 'label', 'prediction', 'confidence', 'score'] as const) {
    if (count(role) > 1) problems.push(`${count(role)} columns have the role ${role}; keep one`);
  }
  return problems;
}
