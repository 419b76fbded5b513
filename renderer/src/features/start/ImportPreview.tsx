import type { ColumnMapping } from '../../../../shared/imports.ts';
import { COLUMN_ROLES } from '../../../../shared/role-names.ts';
import type { ColumnRole } from '../../../../shared/roles.ts';

/** The first rows of the file as a table, with each column's role as an editable select. */
export function ImportPreview(props: {
  header: string[];
  rows: (string | null)[][];
  mapping: ColumnMapping[];
  disabled: boolean;
  onRole(column: string, role: ColumnRole): void;
}) {
  const roleOf = new Map(props.mapping.map((m) => [m.column, m]));
  return (
    <div className="preview-wrap">
      <table className="preview">
        <thead>
          <tr>
            {props.header.map((h) => (
              <th key={h} scope="col">
                <div className="preview-col">{h}</div>
                <select
                  aria-label={`Role of ${h}`}
                  title={roleOf.get(h)?.reason ?? ''}
                  value={roleOf.get(h)?.role ?? 'ignore'}
                  disabled={props.disabled}
                  onChange={(e) => props.onRole(h, e.target.value as ColumnRole)}
                >
                  {COLUMN_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {props.header.map((h, j) => (
                <td key={h} className={row[j] === null ? 'null' : undefined}>
                  {row[j] ?? '∅'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
