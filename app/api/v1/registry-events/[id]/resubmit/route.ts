import { handle } from '@/lib/api/handler';
import { resubmitRegistryEvent } from '@/lib/services/registry-events';

/** → 202 the new execution ({eventId, executionId, index, status}). */
export const POST = handle(
  { route: '/api/v1/registry-events/{id}/resubmit', status: 202 },
  ({ ctx, params }) => resubmitRegistryEvent(ctx, params.id!),
);
