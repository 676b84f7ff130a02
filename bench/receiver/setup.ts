import { startFakeDockerHub } from '../../e2e/fakes/docker-hub';

const ADMIN = { email: 'bench@example.com', password: 'bench password 123', name: 'Bench' };

async function call<T>(base: string, path: string, body: unknown, auth?: string): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth && { authorization: `Bearer ${auth}` }),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Through the public API: admin, project, Docker Hub endpoint (stand-in), Docker pipeline, webhook. */
export async function prepareWebhook(base: string): Promise<string> {
  const hub = await startFakeDockerHub({ users: { svendowideit: 'pw' } });
  try {
    await call(base, '/api/v1/setup', ADMIN);
    const { refreshToken } = await call<{ refreshToken: string }>(base, '/api/v1/tokens', ADMIN);
    const { accessToken } = await call<{ accessToken: string }>(base, '/api/v1/login', {
      refreshToken,
    });
    await call(base, '/api/v1/projects', { name: 'bench', description: '' }, accessToken);
    await call(
      base,
      '/api/v1/endpoints',
      {
        project: 'bench',
        name: 'hub',
        type: 'DOCKER_REGISTRY',
        properties: {
          serverType: 'DOCKER_HUB',
          url: hub.url,
          username: 'svendowideit',
          password: 'pw',
        },
      },
      accessToken,
    );
    await call(
      base,
      '/api/v1/pipelines',
      {
        project: 'bench',
        name: 'deploy',
        autoInject: 'DOCKER',
        input: {
          DOCKER_EVENT_OWNER_NAME: '',
          DOCKER_IMAGE: '',
          DOCKER_REPO_NAME: '',
          DOCKER_REPO_NAMESPACE: '',
          DOCKER_TAG: '',
        },
        stageOrder: ['S'],
        stages: {
          S: {
            taskOrder: ['T'],
            tasks: { T: { type: 'CONDITION', input: { condition: 'true' } } },
          },
        },
      },
      accessToken,
    );
    const w = await call<{ hookUrl: string }>(
      base,
      '/api/v1/docker-webhooks',
      {
        project: 'bench',
        name: 'bench',
        endpoint: 'hub',
        pipeline: 'deploy',
        repository: 'svendowideit/testhook',
        refreshToken,
      },
      accessToken,
    );
    const u = new URL(w.hookUrl);
    return `${u.pathname}${u.search}`;
  } finally {
    await hub.stop();
  }
}
