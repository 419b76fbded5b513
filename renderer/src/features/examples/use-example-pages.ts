import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef } from 'react';
import type {
  ExampleFilter,
  ExamplePage,
  ExampleRow,
  ExampleSort,
} from '../../../../shared/examples.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';
import type { LabelSet } from '../../../../shared/report.ts';

export const PAGE_SIZE = 100;

export interface ExampleView {
  filter: ExampleFilter;
  sort: ExampleSort;
  labels: LabelSet;
  run: string | undefined;
}

export function pageKey(project: string | null, view: ExampleView, page: number) {
  return ['examples', project, view.run ?? '', view.labels, view.filter, view.sort, page] as const;
}

/**
 * The rows of the visible pages of a filtered, sorted example list: page 0 always (it gives the
 * total), plus the pages under the viewport and those asked for ahead (never past the end). A page whose predecessor is cached continues from
 * its keyset cursor; a page reached by a jump of the scrollbar is read by offset.
 */
export function useExamplePages(view: ExampleView, pages: readonly number[]) {
  const api = useApi();
  const qc = useQueryClient();
  const project = useUi((s) => s.projectPath);
  // While a new filter's first page loads, keep the last total so the list does not collapse.
  const lastTotal = useRef<number | null>(null);
  const known = lastTotal.current;
  const wanted = useMemo(
    () =>
      [...new Set([0, ...pages])]
        .filter((p) => known === null || p === 0 || p * PAGE_SIZE < known)
        .sort((a, b) => a - b),
    [pages, known],
  );
  // The same query list while the view and the pages stay (a scroll frame re-renders the list
  // without crossing a page): the query client then hashes no keys and builds no observers.
  const queries = useMemo(
    () =>
      wanted.map((page) => ({
        queryKey: pageKey(project, view, page),
        queryFn: () => {
          const prev = qc.getQueryData<ExamplePage>(pageKey(project, view, page - 1));
          const where =
            page > 0 && prev?.next != null && prev.rows.length === PAGE_SIZE
              ? { after: prev.next }
              : { offset: page * PAGE_SIZE };
          return api.call('examples.page', {
            filter: view.filter,
            sort: view.sort,
            labels: view.labels,
            ...(view.run !== undefined ? { run: view.run } : {}),
            limit: PAGE_SIZE,
            ...where,
          });
        },
      })),
    [wanted, project, view, qc, api],
  );
  const results = useQueries({ queries });
  const first = results[0];
  if (first?.data) lastTotal.current = first.data.total;
  // Rows by index, rebuilt only when a page arrives or leaves (the lists' lengths vary: no useMemo).
  const pagesData = results.map((r) => r.data);
  const built = useRef<{
    pages: number[];
    data: (ExamplePage | undefined)[];
    rows: Map<number, ExampleRow>;
  }>(null);
  const same = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((x, k) => x === b[k]);
  if (
    !built.current ||
    !same(built.current.pages, wanted) ||
    !same(built.current.data, pagesData)
  ) {
    const rows = new Map<number, ExampleRow>();
    pagesData.forEach((data, k) => {
      const page = wanted[k] as number;
      data?.rows.forEach((row, i) => rows.set(page * PAGE_SIZE + i, row));
    });
    built.current = { pages: wanted, data: pagesData, rows };
  }
  const rows = built.current.rows;
  const rowAt = useCallback((i: number) => rows.get(i), [rows]);
  return {
    total: first?.data?.total ?? lastTotal.current ?? 0,
    columns: first?.data?.columns ?? [],
    loading: first?.isPending ?? true,
    error: results.find((r) => r.isError)?.error ?? null,
    rowAt,
  };
}
