import { formatPercent, formatThousands } from '../../shared/format.ts';
import type { ImportSummary } from '../../shared/imports.ts';
import type { ProjectInfo } from '../../shared/project.ts';

export const pct = (x: number | null | undefined, digits = 2): string =>
  formatPercent(x, digits, '-');

export function formatImportSummary(s: ImportSummary): string {
  const lines = [
    `Imported ${formatThousands(s.rowsImported)} of ${formatThousands(s.rowsRead)} rows from ${s.file} (${s.format}, ${s.kind}${s.name ? ` "${s.name}"` : ''}) in ${(s.elapsedMs / 1000).toFixed(2)} s, ${formatThousands(s.rowsPerSec)} rows/s.`,
    `Project: ${s.project}`,
    'Columns:',
    ...s.mapping.map(
      (m) =>
        `  ${m.column.padEnd(28)} ${m.role}${m.kind ? ` (${m.kind})` : ''}${m.reason === 'name' || m.reason === 'default' ? '' : `  [${m.reason}]`}`,
    ),
  ];
  for (const n of s.notes) lines.push(`Note: ${n}`);
  if (s.rowsRejected > 0) {
    lines.push(`Rejected ${s.rowsRejected} rows:`);
    for (const r of s.rejects.slice(0, 20)) {
      lines.push(`  line ${r.line}${r.column ? `, column ${r.column}` : ''}: ${r.reason}`);
    }
    if (s.rowsRejected > 20) {
      lines.push(`  ... and ${s.rowsRejected - 20} more (all are in the project's import log).`);
    }
  }
  return lines.join('\n');
}

export function formatInfo(info: ProjectInfo): string {
  const lines = [
    `Project ${info.path} (schema ${info.schemaVersion})`,
    `Examples: ${formatThousands(info.examples)}`,
    'Columns:',
    ...info.columns.map(
      (c) =>
        `  ${c.name.padEnd(28)} ${c.role}${c.kind !== 'none' ? ` (${c.kind}${c.distinct !== null ? `, ${c.distinct} distinct` : ''})` : ''}`,
    ),
    'Runs:',
    ...(info.runs.length === 0
      ? ['  (none)']
      : info.runs.map(
          (r) =>
            `  ${r.name.padEnd(28)} n=${r.n}  accuracy ${pct(r.accuracy)}${r.classes ? `  ${r.classes.length} class probabilities` : ''}`,
        )),
    'Human annotations:',
    ...(info.humans.length === 0
      ? ['  (none)']
      : info.humans.map(
          (h) =>
            `  ${h.name.padEnd(28)} ${h.kind}, n=${h.n}  mean agreement ${pct(h.meanAgreement)}`,
        )),
    'Tags:',
    ...(info.tags.length === 0
      ? ['  (none)']
      : info.tags.map((t) => `  ${t.name.padEnd(28)} n=${t.n}`)),
    'Imports:',
    ...info.imports.map(
      (i) =>
        `  #${i.id} ${i.kind.padEnd(9)} ${i.file}  ${i.rowsImported} rows, ${i.rowsRejected} rejected  ${i.finishedAt}`,
    ),
    ...info.notices.map((n) => `Note: ${n}`),
  ];
  return lines.join('\n');
}
