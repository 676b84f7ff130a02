import { handle } from '@/lib/api/handler';
import { retryDockerWebhookSync } from '@/lib/services/docker-webhooks';

/** Retry sync: pushes the webhook to Docker Hub again; the answer carries the new sync state. */
export const POST = handle({ route: '/api/v1/docker-webhooks/{id}/sync' }, ({ ctx, params }) =>
  retryDockerWebhookSync(ctx, params.id!),
);
