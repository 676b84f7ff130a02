import { z } from 'zod';
import { handle } from '@/lib/api/handler';
import { getTaskLog } from '@/lib/services/executions';

export const GET = handle(
  {
    route: '/api/v1/executions/{id}/log',
    query: z.object({ stage: z.string().min(1), task: z.string().min(1) }),
  },
  ({ ctx, params, query }) => getTaskLog(ctx, params.id!, query.stage, query.task),
);
