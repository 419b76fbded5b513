import { flexRender, type Cell, type Table } from '@tanstack/react-table';
import { Fragment, type ReactNode } from 'react';

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
  around,
}: {
  table: Table<T>;
  className: string;
  rowClass(row: T, index: number): string[];
  /** Rows drawn before and after a row (a group's head, a "more" toggle), spanning `span` columns. */
  around?(row: T, span: number): { before?: ReactNode; after?: ReactNode };
}) {
  const span = table.getVisibleLeafColumns().length;
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
        {table.getRowModel().rows.map((r, i) => {
          const extra = around?.(r.original, span);
          return (
            <Fragment key={r.original.id}>
              {extra?.before}
              <tr
                data-slice={r.original.id}
                className={rowClass(r.original, i).filter(Boolean).join(' ') || undefined}
              >
                {r.getVisibleCells().map((c) => (
                  <td key={c.id} data-column={c.column.id}>
                    {renderCell(c)}
                  </td>
                ))}
              </tr>
              {extra?.after}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
