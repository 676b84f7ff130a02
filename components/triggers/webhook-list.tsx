'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { LoadMore } from '@/components/projects/load-more';
import { useCurrentProject } from '@/components/shell/project-context';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { useWebhooks } from './queries';
import { WebhookCard } from './webhook-card';

export function WebhookList() {
  const { current, isLoading } = useCurrentProject();
  const q = useWebhooks(current?.id);
  const savedId = useSearchParams().get('saved');
  const saved = savedId ? q.items.find((w) => w.id === savedId) : undefined;
  if (isLoading || (current && q.isLoading))
    return <LoadingRows rows={3} label="Loading webhooks" />;
  if (!current) {
    return (
      <EmptyState title="No project yet">
        Create a project first: webhooks belong to a project.
      </EmptyState>
    );
  }
  if (q.error) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  if (q.items.length === 0) {
    return (
      <EmptyState
        title="No Docker webhooks yet"
        action={
          <Link className="button primary" href="/triggers/docker/new">
            New webhook for Docker
          </Link>
        }
      >
        A webhook runs a pipeline each time an image is pushed to a Docker Hub repository.
      </EmptyState>
    );
  }
  return (
    <div className="stack">
      {saved && (
        <div className={`alert ${saved.sync.state === 'SYNCED' ? 'ok' : 'error'}`} role="status">
          Saved {saved.name}.{' '}
          {saved.sync.state === 'SYNCED'
            ? 'Docker Hub calls its hook URL on every push.'
            : `Not synced with Docker Hub: ${saved.sync.message} Use Retry sync on its card.`}
        </div>
      )}
      <div className="cards">
        {q.items.map((w) => (
          <WebhookCard key={w.id} webhook={w} />
        ))}
      </div>
      <LoadMore query={q} />
    </div>
  );
}
