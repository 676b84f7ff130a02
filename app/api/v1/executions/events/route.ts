import { z } from 'zod';
import { handle } from '@/lib/api/handler';
import { streamExecutionList } from '@/lib/services/executions/streams';

export const dynamic = 'force-dynamic';

export const GET = handle(
  { route: '/api/v1/executions/events', query: z.object({ project: z.string().optional() }) },
  ({ ctx, query, req }) => streamExecutionList(ctx, query.project, req),
);
