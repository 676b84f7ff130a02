import { handle } from '@/lib/api/handler';
import { cancelExecution } from '@/lib/services/executions';

export const POST = handle(
  { route: '/api/v1/executions/{id}/cancel', status: 202 },
  ({ ctx, params }) => cancelExecution(ctx, params.id!),
);
