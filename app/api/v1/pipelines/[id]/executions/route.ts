import { handle } from '@/lib/api/handler';
import { RunPipelineInput } from '@/lib/schemas/execution';
import { runPipeline } from '@/lib/services/executions';

export const POST = handle(
  { route: '/api/v1/pipelines/{id}/executions', body: RunPipelineInput, status: 202 },
  ({ ctx, params, body }) => runPipeline(ctx, params.id!, body.inputs),
);
