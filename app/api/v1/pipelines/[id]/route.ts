import { z } from 'zod';
import { handle } from '@/lib/api/handler';
import { pipelineToYaml } from '@/lib/pipeline/document-yaml';
import { readPipelineBody } from '@/lib/pipeline/request-body';
import {
  deletePipeline,
  getPipeline,
  getPipelineRow,
  toExport,
  updatePipeline,
} from '@/lib/services/pipelines';

const FormatQuery = z.object({ format: z.enum(['json', 'yaml']).default('json') });

export const GET = handle(
  { route: '/api/v1/pipelines/{id}', query: FormatQuery },
  async ({ ctx, params, query }) => {
    if (query.format === 'json') return getPipeline(ctx, params.id!);
    const { row, projectName } = await getPipelineRow(ctx, params.id!);
    const file = row.name.replace(/[^A-Za-z0-9._-]+/g, '-');
    return new Response(pipelineToYaml(toExport(row, projectName)), {
      headers: {
        'content-type': 'application/yaml; charset=utf-8',
        'content-disposition': `inline; filename="${file}.yaml"`,
      },
    });
  },
);

/** YAML replaces the whole document; JSON is a top-level merge patch (null removes a key). */
export const PATCH = handle({ route: '/api/v1/pipelines/{id}' }, async ({ ctx, params, req }) => {
  const body = await readPipelineBody(req);
  return updatePipeline(ctx, params.id!, { ...body, replace: body.yaml });
});

export const DELETE = handle({ route: '/api/v1/pipelines/{id}' }, ({ ctx, params }) =>
  deletePipeline(ctx, params.id!),
);
