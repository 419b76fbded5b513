import type { ColumnMapping } from '../../../../shared/imports.ts';
import { COLUMN_ROLES } from '../../../../shared/role-names.ts';
import type { ColumnRole } from '../../../../shared/roles.ts';
import { sampleValues } from './import-logic.ts';

/**
 * The file's columns as a list, one row each: its name, the role detected from the name, a few
 * sample values and the role it gets (a picker). A column in conflict (two columns are the label)
 * says so on its own row. A 41-column file is 41 short rows, never a wide scroll.
 */
export function ImportPreview(props: {
  header: string[];
  rows: (string | null)[][];
  mapping: ColumnMapping[];
  conflicts: ReadonlyMap<string, string>;
  disabled: boolean;
  onRole(column: string, role: ColumnRole): void;
}) {
  const roleOf = new Map(props.mapping.map((m) => [m.column, m]));
  return (
    <table className="columns-list" aria-label="Columns of the file">
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Detected</th>
          <th scope="col">Sample values</th>
          <th scope="col">Role</th>
        </tr>
      </thead>
      <tbody>
        {props.header.map((h, i) => {
          const m = roleOf.get(h);
          const conflict = props.conflicts.get(h);
          const samples = sampleValues(props.rows, i);
          return (
            <tr key={h} className={conflict ? 'conflict' : undefined} data-column={h}>
              <th scope="row" className="column-name">
                {h}
              </th>
              <td className="detected">{m?.detected ?? m?.role ?? 'ignore'}</td>
              <td className="samples">
                {samples.length > 0 ? samples.join(', ') : <span className="note">(empty)</span>}
              </td>
              <td>
                <select
                  aria-label={`Role of ${h}`}
                  title={m?.reason === 'user' ? 'chosen here' : (m?.reason ?? '')}
                  value={m?.role ?? 'ignore'}
                  disabled={props.disabled}
                  aria-invalid={conflict ? true : undefined}
                  aria-describedby={conflict ? `conflict-${i}` : undefined}
                  onChange={(e) => props.onRole(h, e.target.value as ColumnRole)}
                >
                  {COLUMN_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
                {conflict && (
                  <span id={`conflict-${i}`} className="conflict-note" role="note">
                    {conflict}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
