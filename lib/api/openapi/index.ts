import { z, type ZodType } from 'zod';
import { dockerWebhookOperations } from './docker-webhooks';
import { endpointOperations } from './endpoints';
import { executionOperations } from './executions';
import { foundationOperations } from './foundation';
import { pipelineOperations } from './pipelines';
import type { Operation } from './types';

// Each feature adds its own list here (one file per feature under lib/api/openapi/).
const operations: Operation[] = [
  ...foundationOperations,
  ...endpointOperations,
  ...executionOperations,
  ...pipelineOperations,
  ...dockerWebhookOperations,
];

const ErrorBody = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

function schemaRef(schema: ZodType, components: Record<string, unknown>): unknown {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    io: 'input',
  }) as Record<string, unknown>;
  const id = (schema.meta() as { id?: string } | undefined)?.id;
  const { $schema: _drop, ...rest } = json;
  if (!id) return rest;
  components[id] = rest;
  return { $ref: `#/components/schemas/${id}` };
}

export function buildOpenApi(serverUrl: string): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = schemaRef(ErrorBody, components);
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = Object.entries(op.query ?? {}).map(([name, description]) => ({
      name,
      in: 'query',
      required: false,
      description,
      schema: { type: 'string' },
    }));
    const status = String(op.status ?? 200);
    let responseSchema = op.response ? schemaRef(op.response, components) : undefined;
    if (responseSchema && op.list) {
      responseSchema = {
        type: 'object',
        properties: {
          items: { type: 'array', items: responseSchema },
          nextCursor: { type: 'string', nullable: true },
        },
        required: ['items', 'nextCursor'],
      };
      queryParams.push(
        {
          name: 'cursor',
          in: 'query',
          required: false,
          description: 'nextCursor of the previous page',
          schema: { type: 'string' },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: '1–200, default 50',
          schema: { type: 'string' },
        },
      );
    }
    (paths[op.path] ??= {})[op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(params.length + queryParams.length > 0 && { parameters: [...params, ...queryParams] }),
      ...(op.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaRef(op.body, components) } },
        },
      }),
      ...(op.auth === false && { security: [] }),
      responses: {
        [status]: responseSchema
          ? { description: 'OK', content: { 'application/json': { schema: responseSchema } } }
          : { description: 'OK' },
        default: { description: 'Error', content: { 'application/json': { schema: errorRef } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Slipway API', version: '1', description: 'Self-hosted continuous delivery' },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Access token from POST /api/v1/login',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' },
      },
    },
  };
}
