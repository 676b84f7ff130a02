import { handle } from '@/lib/api/handler';
import { getExecution } from '@/lib/services/executions';

export const GET = handle({ route: '/api/v1/executions/{id}' }, ({ ctx, params }) =>
  getExecution(ctx, params.id!),
);
