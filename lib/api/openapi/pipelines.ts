import { z } from 'zod';
import { PipelineDocument, PipelineSummary } from '../../schemas/pipeline';
import { CreateVariableInput, UpdateVariableInput, Variable } from '../../schemas/variable';
import type { Operation } from './types';

const PipelineDetail = PipelineDocument.extend({
  id: z.string(),
  projectId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastExecution: z
    .object({ id: z.string(), index: z.number(), status: z.string(), createdAt: z.string() })
    .nullable(),
}).meta({ id: 'Pipeline' });

const DuplicateInput = z
  .object({ name: z.string().optional() })
  .meta({ id: 'DuplicatePipelineInput' });

export const pipelineOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/pipelines',
    tag: 'Pipelines',
    summary: "List pipelines (newest first) with each one's last execution",
    response: PipelineSummary,
    list: true,
    query: {
      project: 'project id or name',
      name: 'part of the name',
      enabled: 'true or false',
      cursor: 'nextCursor of the previous page',
      limit: '1–200, default 50',
    },
  },
  {
    method: 'post',
    path: '/api/v1/pipelines',
    tag: 'Pipelines',
    summary:
      'Create a pipeline from its document: JSON, or YAML with Content-Type: application/yaml. 422 lists every problem with its field path (and line, for YAML)',
    body: PipelineDocument,
    response: PipelineDetail,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/pipelines/{id}',
    tag: 'Pipelines',
    summary: 'One pipeline; ?format=yaml exports the document as YAML (re-importable unchanged)',
    response: PipelineDetail,
    query: { format: 'json (default) or yaml' },
  },
  {
    method: 'patch',
    path: '/api/v1/pipelines/{id}',
    tag: 'Pipelines',
    summary:
      'Change a pipeline: YAML replaces the whole document; JSON merges top-level keys (null removes one), e.g. {"enabled": false}',
    body: PipelineDocument.partial(),
    response: PipelineDetail,
  },
  {
    method: 'delete',
    path: '/api/v1/pipelines/{id}',
    tag: 'Pipelines',
    summary: 'Delete a pipeline; 409 naming the Docker webhooks that still use it',
    status: 204,
  },
  {
    method: 'post',
    path: '/api/v1/pipelines/{id}/duplicate',
    tag: 'Pipelines',
    summary: 'Copy a pipeline in its project ("<name> copy" unless a name is given)',
    body: DuplicateInput,
    response: PipelineDetail,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/variables',
    tag: 'Variables',
    summary: 'List variables by name; SECRET and RESTRICTED values are always "*****"',
    response: Variable,
    list: true,
    query: { project: 'project id or name', cursor: 'nextCursor', limit: '1–200' },
  },
  {
    method: 'post',
    path: '/api/v1/variables',
    tag: 'Variables',
    summary:
      'Create a variable; SECRET/RESTRICTED values are encrypted and write-only; allowedPipelines (RESTRICTED) needs the project ADMIN role',
    body: CreateVariableInput,
    response: Variable,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/variables/{id}',
    tag: 'Variables',
    summary: 'One variable (secret values masked)',
    response: Variable,
  },
  {
    method: 'patch',
    path: '/api/v1/variables/{id}',
    tag: 'Variables',
    summary: 'Change a variable; a value left out keeps its value',
    body: UpdateVariableInput,
    response: Variable,
  },
  {
    method: 'delete',
    path: '/api/v1/variables/{id}',
    tag: 'Variables',
    summary: 'Delete a variable',
    status: 204,
  },
];
