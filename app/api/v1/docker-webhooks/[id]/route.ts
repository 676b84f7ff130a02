import { z } from 'zod';
import { handle } from '@/lib/api/handler';
import { UpdateDockerWebhookInput } from '@/lib/schemas/docker-webhook';
import {
  deleteDockerWebhook,
  getDockerWebhook,
  updateDockerWebhook,
} from '@/lib/services/docker-webhooks';

export const GET = handle({ route: '/api/v1/docker-webhooks/{id}' }, ({ ctx, params }) =>
  getDockerWebhook(ctx, params.id!),
);
export const PATCH = handle(
  { route: '/api/v1/docker-webhooks/{id}', body: UpdateDockerWebhookInput },
  ({ ctx, params, body }) => updateDockerWebhook(ctx, params.id!, body),
);
export const DELETE = handle(
  {
    route: '/api/v1/docker-webhooks/{id}',
    query: z.object({ force: z.enum(['true', 'false']).optional() }),
  },
  ({ ctx, params, query }) =>
    deleteDockerWebhook(ctx, params.id!, { force: query.force === 'true' }),
);
