import { flexRender, type Cell, type Table } from '@tanstack/react-table';
import type { ReactNode } from 'react';

/** A cell's content: the column's cell function called as a function, not mounted as a component. */
function renderCell<T>(c: Cell<T, unknown>): ReactNode {
  const def = c.column.columnDef.cell;
  return typeof def === 'function' ? (def(c.getContext()) as ReactNode) : (def as ReactNode);
}

/**
 * A table of slice rows (the overall row first) as the dashboard and the run comparison draw it:
 * `data-slice` on each row, classes from `rowClass`.
 */
export function SliceRowsTable<T extends { id: string }>({
  table,
  className,
  rowClass,
}: {
  table: Table<T>;
  className: string;
  rowClass(row: T, index: number): string[];
}) {
  return (
    <table className={className}>
      <thead>
        {table.getHeaderGroups().map((hg) => (
          <tr key={hg.id}>
            {hg.headers.map((h) => (
              <th key={h.id}>{flexRender(h.column.columnDef.header, h.getContext())}</th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((r, i) => (
          <tr
            key={r.original.id}
            data-slice={r.original.id}
            className={rowClass(r.original, i).filter(Boolean).join(' ') || undefined}
          >
            {r.getVisibleCells().map((c) => (
              <td key={c.id} data-column={c.column.id}>
                {renderCell(c)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
