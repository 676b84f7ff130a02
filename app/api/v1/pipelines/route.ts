import { handle } from '@/lib/api/handler';
import { readPipelineBody } from '@/lib/pipeline/request-body';
import { PipelineListQuery } from '@/lib/schemas/pipeline';
import { createPipeline, listPipelines } from '@/lib/services/pipelines';

export const GET = handle(
  { route: '/api/v1/pipelines', query: PipelineListQuery },
  ({ ctx, query }) => listPipelines(ctx, query),
);

/** JSON, or the YAML form with `Content-Type: application/yaml`. */
export const POST = handle({ route: '/api/v1/pipelines', status: 201 }, async ({ ctx, req }) =>
  createPipeline(ctx, await readPipelineBody(req)),
);
