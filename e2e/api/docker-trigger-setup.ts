import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import { ADMIN, unique } from '../support/session';
import { makeProject } from './foundation-helpers';

type Headers = { Authorization: string };

export const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '../../lib/receiver/fixtures', name), 'utf8');

/**
 * Whether the server under test may call the local callback receiver: playwright.config.ts gives
 * the server SLIPWAY_CALLBACK_HOSTS (default 127.0.0.1 only), so this mirrors its default.
 */
export const CALLBACKS_ALLOWED = (process.env.SLIPWAY_CALLBACK_HOSTS ?? '127.0.0.1')
  .split(',')
  .map((h) => h.trim())
  .includes('127.0.0.1');

/** The seed's example payload, exactly as printed in ../shared/seed (it is not valid JSON). */
export const SEED_EXAMPLE = fixture('seed-example-payload.txt');

export interface DockerSetup {
  project: { id: string; name: string };
  endpoint: { id: string; name: string };
  pipeline: { id: string; name: string };
  refreshToken: string;
}

/** A project with a Docker Hub endpoint at `hubUrl`, a Docker pipeline and an API token. */
export async function dockerSetup(
  request: APIRequestContext,
  headers: Headers,
  hub: { url: string; user: string; password: string },
): Promise<DockerSetup> {
  const project = await makeProject(request, headers);
  const ep = await request.post('/api/v1/endpoints', {
    headers,
    data: {
      project: project.name,
      name: unique('hub'),
      type: 'DOCKER_REGISTRY',
      properties: {
        serverType: 'DOCKER_HUB',
        url: hub.url,
        username: hub.user,
        password: hub.password,
      },
    },
  });
  expect(ep.status(), await ep.text()).toBe(201);
  const pl = await request.post('/api/v1/pipelines', {
    headers,
    data: {
      project: project.name,
      name: unique('deploy'),
      autoInject: 'DOCKER',
      input: {
        DOCKER_EVENT_OWNER_NAME: '',
        DOCKER_IMAGE: '',
        DOCKER_REPO_NAME: '',
        DOCKER_REPO_NAMESPACE: '',
        DOCKER_TAG: '',
        REPLICAS: '2',
      },
      stageOrder: ['Check'],
      stages: {
        Check: {
          taskOrder: ['Tag is valid'],
          tasks: {
            'Tag is valid': {
              type: 'CONDITION',
              input: { condition: '"${input.DOCKER_TAG}" != ""' },
            },
          },
        },
      },
    },
  });
  expect(pl.status(), await pl.text()).toBe(201);
  const t = await request.post('/api/v1/tokens', {
    data: { email: ADMIN.email, password: ADMIN.password, name: unique('webhook') },
  });
  expect(t.status()).toBe(201);
  return {
    project,
    endpoint: (await ep.json()) as { id: string; name: string },
    pipeline: (await pl.json()) as { id: string; name: string },
    refreshToken: ((await t.json()) as { refreshToken: string }).refreshToken,
  };
}

export interface WebhookBody {
  id: string;
  name: string;
  hookUrl: string;
  enabled: boolean;
  sync: { state: string; message: string };
}

export async function createWebhook(
  request: APIRequestContext,
  headers: Headers,
  s: DockerSetup,
  over: Record<string, unknown> = {},
): Promise<WebhookBody> {
  const res = await request.post('/api/v1/docker-webhooks', {
    headers,
    data: {
      project: s.project.name,
      name: unique('wh'),
      endpoint: s.endpoint.name,
      pipeline: s.pipeline.name,
      repository: 'svendowideit/testhook',
      tagPattern: '*',
      inputs: { REPLICAS: '3' },
      refreshToken: s.refreshToken,
      ...over,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as WebhookBody;
}

/** The receiver path and query of a hook URL (the server under test is the base URL). */
export const receiverPath = (hookUrl: string) => {
  const u = new URL(hookUrl);
  return `${u.pathname}${u.search}`;
};

export async function waitForExecution(
  request: APIRequestContext,
  headers: Headers,
  id: string,
  statuses = ['COMPLETED', 'FAILED', 'CANCELED'],
): Promise<{ status: string; inputs: Record<string, unknown>; trigger: Record<string, unknown> }> {
  let last = { status: '', inputs: {}, trigger: {} };
  await expect
    .poll(
      async () => {
        const r = await request.get(`/api/v1/executions/${id}`, { headers });
        last = (await r.json()) as typeof last;
        return last.status;
      },
      { timeout: 30_000 },
    )
    .toMatch(new RegExp(`^(${statuses.join('|')})$`));
  return last;
}
