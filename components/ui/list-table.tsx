'use client';

import type { ReactNode } from 'react';
import { LoadMore } from '@/components/projects/load-more';
import { EmptyState, ErrorState, LoadingRows } from './states';

/** What ListTable needs of a paged list (`usePagedList`). */
interface PagedListState<T> {
  isLoading: boolean;
  error: unknown;
  items: T[];
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * A table with a caption (for screen readers only), one header per column and, when `actions`,
 * a last column headed "Actions" for screen readers.
 */
export function DataTable({
  caption,
  columns,
  actions = false,
  children,
}: {
  caption: ReactNode;
  columns: readonly string[];
  actions?: boolean;
  /** The `<tr>`s. */
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * A paged list shown as a table, through its states: loading, error (with retry), empty (with an
 * optional action), then the rows, followed by "Load more" while there is a further page.
 */
export function ListTable<T>({
  list,
  noun,
  caption,
  columns,
  actions,
  emptyTitle,
  emptyText,
  emptyAction,
  row,
}: {
  list: PagedListState<T>;
  /** Plural, for the loading label: "projects". */
  noun: string;
  caption: ReactNode;
  columns: readonly string[];
  actions?: boolean;
  emptyTitle: string;
  emptyText?: ReactNode;
  emptyAction?: ReactNode;
  /** One `<tr>` with its key. */
  row: (item: T) => ReactNode;
}) {
  let body: ReactNode;
  if (list.isLoading) body = <LoadingRows label={`Loading ${noun}`} />;
  else if (list.error) body = <ErrorState error={list.error} retry={() => void list.refetch()} />;
  else if (list.items.length === 0)
    body = (
      <EmptyState title={emptyTitle} action={emptyAction}>
        {emptyText}
      </EmptyState>
    );
  else
    body = (
      <DataTable caption={caption} columns={columns} actions={actions}>
        {list.items.map(row)}
      </DataTable>
    );
  return (
    <>
      {body}
      <LoadMore query={list} />
    </>
  );
}
