import { handle } from '@/lib/api/handler';
import { ExecutionListQuery } from '@/lib/schemas/execution';
import { listExecutions } from '@/lib/services/executions';

export const GET = handle(
  { route: '/api/v1/executions', query: ExecutionListQuery },
  ({ ctx, query }) => listExecutions(ctx, query),
);
