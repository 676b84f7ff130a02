'use client';

import Link from 'next/link';
import { useCurrentProject } from '@/components/shell/project-context';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { stripServerKeys } from '@/lib/pipeline/document-yaml';
import type { PipelineDoc } from '@/lib/schemas/pipeline';
import { emptyDocument } from './doc-ops';
import { PipelineEditor } from './pipeline-editor';
import { usePipeline } from './queries';

export function NewPipeline() {
  const { current, isLoading, error } = useCurrentProject();
  if (isLoading) return <LoadingRows label="Loading projects" />;
  if (error) return <ErrorState error={error} />;
  if (!current)
    return (
      <EmptyState title="No project yet">
        Pipelines belong to a project. <Link href="/projects">Create a project</Link> first.
      </EmptyState>
    );
  return <PipelineEditor key={current.id} initial={emptyDocument(current.name)} />;
}

export function EditPipeline({ id }: { id: string }) {
  const q = usePipeline(id);
  if (q.isLoading) return <LoadingRows rows={6} label="Loading pipeline" />;
  if (q.error || !q.data)
    return <ErrorState error={q.error ?? 'Not found'} retry={() => void q.refetch()} />;
  return (
    <PipelineEditor
      key={q.data.id}
      id={q.data.id}
      initial={stripServerKeys(q.data) as PipelineDoc}
    />
  );
}
