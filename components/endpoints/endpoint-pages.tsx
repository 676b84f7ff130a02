'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCurrentProject } from '@/components/shell/project-context';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { EndpointForm } from './endpoint-form';
import { useEndpoint } from './queries';

export function NewEndpoint() {
  const router = useRouter();
  const { current, isLoading } = useCurrentProject();
  return (
    <>
      <div className="page-head">
        <h1>New endpoint</h1>
      </div>
      {isLoading ? (
        <LoadingRows label="Loading projects" />
      ) : !current ? (
        <EmptyState title="No project yet">
          Endpoints belong to a project. <Link href="/projects">Create a project</Link> first.
        </EmptyState>
      ) : (
        <EndpointForm
          onSaved={() => router.push('/endpoints')}
          onCancel={() => router.push('/endpoints')}
        />
      )}
    </>
  );
}

export function EditEndpoint({ id }: { id: string }) {
  const router = useRouter();
  const q = useEndpoint(id);
  return (
    <>
      <div className="page-head">
        <h1>{q.data ? `Edit endpoint ${q.data.name}` : 'Edit endpoint'}</h1>
      </div>
      {q.isLoading ? (
        <LoadingRows label="Loading endpoint" />
      ) : q.error ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data ? (
        <EndpointForm
          endpoint={q.data}
          onSaved={() => router.push('/endpoints')}
          onCancel={() => router.push('/endpoints')}
        />
      ) : null}
    </>
  );
}
