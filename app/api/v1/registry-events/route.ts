import { handle } from '@/lib/api/handler';
import { RegistryEventListQuery } from '@/lib/schemas/docker-webhook';
import { listRegistryEvents } from '@/lib/services/registry-events';

export const GET = handle(
  { route: '/api/v1/registry-events', query: RegistryEventListQuery },
  ({ ctx, query }) => listRegistryEvents(ctx, query),
);
