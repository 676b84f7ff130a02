'use client';

import { ErrorState, LoadingRows } from '@/components/ui/states';
import { useWebhook } from './queries';
import { WebhookForm } from './webhook-form';

export function EditWebhook({ id }: { id: string }) {
  const q = useWebhook(id);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Edit webhook{q.data ? ` ${q.data.name}` : ''}</h1>
      </div>
      {q.isLoading ? (
        <LoadingRows rows={6} label="Loading webhook" />
      ) : q.error ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : (
        q.data && <WebhookForm webhook={q.data} />
      )}
    </div>
  );
}
