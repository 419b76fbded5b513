import type { Table } from '@tanstack/react-table';

/** "Columns ▸": a checkbox per column of a TanStack table, to show or hide it. */
export function ColumnsMenu<T>({
  table,
  headerOf,
}: {
  table: Table<T>;
  headerOf(columnId: string): string;
}) {
  return (
    <details>
      <summary title="Choose the columns shown">Columns</summary>
      <div className="menu">
        {table
          .getAllLeafColumns()
          .filter((c) => c.getCanHide())
          .map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={c.getIsVisible()}
                onChange={c.getToggleVisibilityHandler()}
              />{' '}
              {headerOf(c.id)}
            </label>
          ))}
      </div>
    </details>
  );
}
