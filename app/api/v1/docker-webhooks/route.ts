import { handle } from '@/lib/api/handler';
import { CreateDockerWebhookInput, DockerWebhookListQuery } from '@/lib/schemas/docker-webhook';
import { createDockerWebhook, listDockerWebhooks } from '@/lib/services/docker-webhooks';

export const GET = handle(
  { route: '/api/v1/docker-webhooks', query: DockerWebhookListQuery },
  ({ ctx, query }) => listDockerWebhooks(ctx, query),
);
export const POST = handle(
  { route: '/api/v1/docker-webhooks', body: CreateDockerWebhookInput, status: 201 },
  ({ ctx, body }) => createDockerWebhook(ctx, body),
);
