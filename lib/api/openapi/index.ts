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

const uri = (id: string) => `#/components/schemas/${id}`;

/**
 * A schema as OpenAPI: a named schema (`.meta({id})`) becomes a $ref to components.schemas, where
 * it is stored once with its own named sub-schemas also as $refs.
 */
function schemaRef(schema: ZodType, components: Record<string, unknown>): unknown {
  const id = (schema.meta() as { id?: string } | undefined)?.id;
  // Every named schema goes in, so that named sub-schemas become component $refs too.
  const registry = z.registry<{ id: string }>();
  const named = (z.globalRegistry as unknown as { _idmap: Map<string, ZodType> })._idmap;
  for (const [name, s] of named) registry.add(s, { id: name });
  if (!id) registry.add(schema, { id: '__inline' });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
    io: 'input',
    uri,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const [name, json] of Object.entries(schemas)) {
    const { $schema: _drop, $id: _id, ...rest } = json;
    if (name !== '__inline') components[name] = rest;
  }
  if (id) return { $ref: uri(id) };
  const { $schema: _drop, $id: _id, ...inline } = schemas.__inline ?? {};
  return inline;
}

const built = new Map<string, Record<string, unknown>>();

/** The document is the same for the life of the process: built once per server URL. */
export function buildOpenApi(serverUrl: string): Record<string, unknown> {
  const hit = built.get(serverUrl);
  if (hit) return hit;
  const doc = buildDocument(serverUrl);
  built.set(serverUrl, doc);
  return doc;
}

function buildDocument(serverUrl: string): Record<string, unknown> {
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
