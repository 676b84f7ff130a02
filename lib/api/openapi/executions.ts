import { z } from 'zod';
import {
  ApprovalInput,
  Execution,
  ExecutionSummary,
  RunPipelineInput,
  Started,
  TaskLog,
} from '../../schemas/execution';
import type { Operation } from './types';

const CancelAnswer = z
  .object({ id: z.uuid(), status: z.enum(['CANCELING', 'CANCELED']) })
  .meta({ id: 'CancelAnswer' });
const ApprovalAnswer = z
  .object({ stage: z.string(), task: z.string(), status: z.string(), decision: z.string() })
  .meta({ id: 'ApprovalAnswer' });

export const executionOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/pipelines/{id}/executions',
    tag: 'Executions',
    summary:
      'Run a pipeline: 422 names a missing mandatory input; 409 when the pipeline is disabled',
    body: RunPipelineInput,
    response: Started,
    status: 202,
  },
  {
    method: 'get',
    path: '/api/v1/executions',
    tag: 'Executions',
    summary: 'Executions, newest first',
    response: ExecutionSummary,
    list: true,
    query: {
      project: 'project id or name',
      pipeline: 'pipeline id or name',
      status: 'one status or several separated by commas',
    },
  },
  {
    method: 'get',
    path: '/api/v1/executions/events',
    tag: 'Executions',
    summary:
      'text/event-stream of execution status changes (events execution.created, execution.status); Last-Event-ID resumes',
    query: { project: 'project id or name (default: all your projects)' },
  },
  {
    method: 'get',
    path: '/api/v1/executions/{id}',
    tag: 'Executions',
    summary: 'One execution with its stages and tasks (secrets masked)',
    response: Execution,
  },
  {
    method: 'get',
    path: '/api/v1/executions/{id}/events',
    tag: 'Executions',
    summary:
      'text/event-stream of the execution (execution.status, stage.status, task.status); every event has an id; Last-Event-ID resumes with nothing missed',
  },
  {
    method: 'get',
    path: '/api/v1/executions/{id}/log',
    tag: 'Executions',
    summary: "A task's log (capped per task; truncated tells when the cap was reached)",
    response: TaskLog,
    query: { stage: 'stage name', task: 'task name' },
  },
  {
    method: 'post',
    path: '/api/v1/executions/{id}/cancel',
    tag: 'Executions',
    summary: 'Cancel: CANCELED at once when nothing runs, else CANCELING until the task stops',
    response: CancelAnswer,
    status: 202,
  },
  {
    method: 'post',
    path: '/api/v1/executions/{id}/rerun',
    tag: 'Executions',
    summary: 'Run the pipeline again with the same inputs',
    response: Started,
    status: 202,
  },
  {
    method: 'post',
    path: '/api/v1/executions/{id}/approvals',
    tag: 'Executions',
    summary:
      'Approve or reject a waiting USER_OPERATION task (403 when not an approver, 409 when already decided)',
    body: ApprovalInput,
    response: ApprovalAnswer,
  },
];
