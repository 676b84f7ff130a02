import {
  CreateDockerWebhookInput,
  DockerWebhook,
  ReceiverAnswer,
  RegistryEvent,
  ResubmitAnswer,
  UpdateDockerWebhookInput,
} from '../../schemas/docker-webhook';
import type { Operation } from './types';

const tag = 'Docker trigger';

export const dockerWebhookOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/docker-webhooks',
    tag,
    summary: 'Docker webhooks of the projects the caller belongs to',
    response: DockerWebhook,
    list: true,
    query: { project: 'project id or name' },
  },
  {
    method: 'post',
    path: '/api/v1/docker-webhooks',
    tag,
    summary: 'Create a Docker webhook; also creates its webhook on Docker Hub (see sync)',
    body: CreateDockerWebhookInput,
    response: DockerWebhook,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/docker-webhooks/{id}',
    tag,
    summary: 'One Docker webhook',
    response: DockerWebhook,
  },
  {
    method: 'patch',
    path: '/api/v1/docker-webhooks/{id}',
    tag,
    summary: 'Update (or rotate the secure token of) a Docker webhook; updates Docker Hub too',
    body: UpdateDockerWebhookInput,
    response: DockerWebhook,
  },
  {
    method: 'delete',
    path: '/api/v1/docker-webhooks/{id}',
    tag,
    summary:
      'Delete on Docker Hub, then here; 502 with the Hub reason (error.details.hubReason) when it refuses (force=true deletes here only)',
    status: 204,
    query: { force: 'true: delete here even when Docker Hub refuses' },
  },
  {
    method: 'post',
    path: '/api/v1/docker-webhooks/{id}/sync',
    tag,
    summary: 'Retry sync with Docker Hub; the answer carries the new sync state',
    response: DockerWebhook,
  },
  {
    method: 'get',
    path: '/api/v1/registry-events',
    tag,
    summary: 'Received registry events, newest first (Activity)',
    response: RegistryEvent,
    list: true,
    query: {
      project: 'project id or name',
      webhook: 'webhook id (or name with project)',
      result: 'TRIGGERED | SKIPPED_DISABLED | NOT_MATCHED | DUPLICATE | REJECTED | FAILED',
    },
  },
  {
    method: 'get',
    path: '/api/v1/registry-events/{id}',
    tag,
    summary: 'One registry event',
    response: RegistryEvent,
  },
  {
    method: 'get',
    path: '/api/v1/registry-events/events',
    tag,
    summary:
      'text/event-stream of registry events (registry-event.created, registry-event.updated); Last-Event-ID resumes',
    query: { project: 'project id or name' },
  },
  {
    method: 'post',
    path: '/api/v1/registry-events/{id}/resubmit',
    tag,
    summary: 'Start a new execution from a recorded push (run as the caller)',
    response: ResubmitAnswer,
    status: 202,
  },
  {
    method: 'post',
    path: '/pipelines/api/docker-hub-webhooks',
    tag,
    summary:
      'The Docker Hub receiver (secureToken in the query): 202 once stored; 401 unknown token; 400 not JSON; 413 over 1 MiB; 422 not a push payload (stored as REJECTED); 503 not stored',
    response: ReceiverAnswer,
    status: 202,
    auth: false,
    query: { secureToken: "the webhook's secure token (from its hook URL)" },
  },
];
