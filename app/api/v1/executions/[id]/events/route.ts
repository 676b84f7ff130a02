import { handle } from '@/lib/api/handler';
import { streamExecution } from '@/lib/services/executions/streams';

export const dynamic = 'force-dynamic';

export const GET = handle({ route: '/api/v1/executions/{id}/events' }, ({ ctx, params, req }) =>
  streamExecution(ctx, params.id!, req),
);
