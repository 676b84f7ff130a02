'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useCurrentProject } from '@/components/shell/project-context';
import type { ProjectDto } from '@/lib/schemas/project';
import { EmptyState, ErrorState, LoadingRows } from './states';

interface ListState<T> {
  isLoading: boolean;
  error: unknown;
  items: T[];
  refetch: () => unknown;
}

/**
 * The states every list of a project's objects goes through, in one place: loading, no project
 * yet, error (with retry), empty (with the create action), then the rows.
 */
export function ProjectListBody<T>({
  noun,
  belongs,
  emptyTitle,
  emptyText,
  action,
  list,
  children,
}: {
  /** Plural, for the loading label: "endpoints". */
  noun: string;
  /** Why a project is needed: "Endpoints belong to a project." */
  belongs: string;
  emptyTitle: string;
  emptyText: ReactNode;
  action?: ReactNode;
  list: ListState<T>;
  children: (items: T[], project: ProjectDto) => ReactNode;
}) {
  const { current, isLoading, error } = useCurrentProject();
  if (isLoading || (current && list.isLoading)) return <LoadingRows label={`Loading ${noun}`} />;
  if (error) return <ErrorState error={error} />;
  if (!current)
    return (
      <EmptyState title="No project yet">
        {belongs} <Link href="/projects">Create a project</Link> first.
      </EmptyState>
    );
  if (list.error) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (list.items.length === 0)
    return (
      <EmptyState title={emptyTitle} action={action}>
        {emptyText}
      </EmptyState>
    );
  return <>{children(list.items, current)}</>;
}
