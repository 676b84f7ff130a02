import { handle } from '@/lib/api/handler';
import { rerunExecution } from '@/lib/services/executions';

export const POST = handle(
  { route: '/api/v1/executions/{id}/rerun', status: 202 },
  ({ ctx, params }) => rerunExecution(ctx, params.id!),
);
