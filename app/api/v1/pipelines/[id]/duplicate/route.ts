import { z } from 'zod';
import { handle } from '@/lib/api/handler';
import { duplicatePipeline } from '@/lib/services/pipelines';

const DuplicateInput = z.object({ name: z.string().trim().min(1).max(100).optional() });

export const POST = handle(
  { route: '/api/v1/pipelines/{id}/duplicate', body: DuplicateInput, status: 201 },
  ({ ctx, params, body }) => duplicatePipeline(ctx, params.id!, body),
);
