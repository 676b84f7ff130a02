'use client';

import Link from 'next/link';
import { useCurrentProject } from '@/components/shell/project-context';
import { EmptyState, LoadingRows } from '@/components/ui/states';
import { WebhookForm } from './webhook-form';

/** The New webhook page: the form once the projects are known, or the way to make one. */
export function NewWebhook() {
  const { current, isLoading } = useCurrentProject();
  if (isLoading) return <LoadingRows label="Loading projects" />;
  if (!current) {
    return (
      <EmptyState title="No project yet">
        A webhook belongs to a project: <Link href="/projects">create a project</Link> first.
      </EmptyState>
    );
  }
  return <WebhookForm />;
}
