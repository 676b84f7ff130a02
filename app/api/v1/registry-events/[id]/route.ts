import { handle } from '@/lib/api/handler';
import { getRegistryEvent } from '@/lib/services/registry-events';

export const GET = handle({ route: '/api/v1/registry-events/{id}' }, ({ ctx, params }) =>
  getRegistryEvent(ctx, params.id!),
);
