import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from './server';

/** Keeps the fake API server faithful to kube-apiserver's wire protocol. */
let api: FakeKubeApi;
let agent: Agent;

const TOKEN = 'admin-token';
const READER = 'reader-token';

async function call(
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; contentType?: string } = {},
) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await request(`${api.url}${path}`, {
    method: method as 'GET',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    dispatcher: agent,
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const deployment = (name: string, image: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    progressDeadlineSeconds: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image }] },
    },
  },
});

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  api = await startFakeKubeApi({
    tokens: {
      [TOKEN]: { user: 'admin' },
      [READER]: { user: 'reader', rules: [{ verbs: ['get', 'list'], resources: ['*'] }] },
    },
    stepMs: 100,
  });
  agent = new Agent({ connect: { ca: api.caCertPem } });
});

afterAll(async () => {
  await agent.close();
  await api.stop();
});

describe('fake Kubernetes API server', () => {
  it('serves /version over TLS signed by its CA, with the advertised fingerprint', async () => {
    const res = await call('GET', '/version', undefined, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.gitVersion).toMatch(/^v1\.\d+/);
    expect(api.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('answers 401 with a Status body for a bad token and for anonymous API calls', async () => {
    for (const token of ['nope', null]) {
      const res = await call('GET', '/api/v1/namespaces', undefined, { token });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  it('authenticates client certificates from its client CA', async () => {
    const pair = api.mintClientCert('cert-user', ['devs']);
    const certAgent = new Agent({
      connect: { ca: api.caCertPem, cert: pair.certPem, key: pair.keyPem },
    });
    const res = await request(`${api.url}/api/v1/namespaces/default`, { dispatcher: certAgent });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(api.requests.at(-1)?.user).toBe('cert-user');
    await certAgent.close();
  });

  it('answers SelfSubjectAccessReviews from the configured permissions', async () => {
    const review = (verb: string, token: string) =>
      call(
        'POST',
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace: 'default',
              verb,
              group: 'apps',
              resource: 'deployments',
            },
          },
        },
        { token },
      );
    expect((await review('create', READER)).body.status.allowed).toBe(false);
    expect((await review('list', READER)).body.status.allowed).toBe(true);
    expect((await review('create', TOKEN)).body.status.allowed).toBe(true);
  });

  it('serves discovery for the core and apps groups, 404 for unknown groups', async () => {
    const core = await call('GET', '/api/v1');
    expect(core.body.resources.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['ConfigMap', 'Secret', 'Service', 'Namespace', 'Pod']),
    );
    const apps = await call('GET', '/apis/apps/v1');
    expect(
      apps.body.resources.find((r: { kind: string }) => r.kind === 'Deployment'),
    ).toMatchObject({ name: 'deployments', namespaced: true });
    expect((await call('GET', '/apis/example.com/v1')).status).toBe(404);
  });

  it('creates objects with uid, resourceVersion, generation; 409 AlreadyExists on repeat', async () => {
    const created = await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('web', 'nginx:1'),
    );
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({
      name: 'web',
      namespace: 'default',
      generation: 1,
    });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const again = await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('web', 'nginx:1'),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
    });
  });

  it('rejects invalid objects with 422 and field causes', async () => {
    const bad = deployment('Bad_Name', '');
    const res = await call('POST', '/apis/apps/v1/namespaces/default/deployments', bad);
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    const fields = res.body.details.causes.map((c: { field: string }) => c.field);
    expect(fields).toEqual(
      expect.arrayContaining(['metadata.name', 'spec.template.spec.containers[0].image']),
    );
    expect(res.body.message).toContain('Deployment.apps "Bad_Name" is invalid');
  });

  it('forbids with a message naming verb and resource', async () => {
    const res = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      { token: READER },
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'configmaps is forbidden: User "reader" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
  });

  it('404s for missing objects and namespaces', async () => {
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/none')).body.message).toBe(
      'configmaps "none" not found',
    );
    const res = await call('POST', '/api/v1/namespaces/nowhere/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('namespaces "nowhere" not found');
  });

  it('replaces with optimistic concurrency: stale resourceVersion → 409 Conflict', async () => {
    const cm = (
      await call('POST', '/api/v1/namespaces/default/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cfg' },
        data: { a: '1' },
      })
    ).body;
    const ok = await call('PUT', '/api/v1/namespaces/default/configmaps/cfg', {
      ...cm,
      data: { a: '2' },
    });
    expect(ok.status).toBe(200);
    expect(Number(ok.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(cm.metadata.resourceVersion),
    );
    const stale = await call('PUT', '/api/v1/namespaces/default/configmaps/cfg', {
      ...cm,
      data: { a: '3' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
  });

  it('supports server-side apply (create then update, generation bump) and merge patches', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/api?fieldManager=slipway&force=true';
    const first = await call('PATCH', path, deployment('api', 'app:1'), {
      contentType: 'application/apply-patch+yaml',
    });
    expect(first.status).toBe(201);
    const second = await call('PATCH', path, deployment('api', 'app:2'), {
      contentType: 'application/apply-patch+yaml',
    });
    expect(second.body.metadata.generation).toBe(2);
    expect(second.body.spec.template.spec.containers[0].image).toBe('app:2');
    expect(second.body.metadata.managedFields[0]).toMatchObject({
      manager: 'slipway',
      operation: 'Apply',
    });
    const noManager = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/api',
      deployment('api', 'app:2'),
      { contentType: 'application/apply-patch+yaml' },
    );
    expect(noManager.status).toBe(400);
    const merged = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/api',
      { spec: { replicas: 3 } },
      { contentType: 'application/merge-patch+json' },
    );
    expect(merged.body.spec.replicas).toBe(3);
    const strategic = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/api',
      { spec: { template: { spec: { containers: [{ name: 'side', image: 'side:1' }] } } } },
      { contentType: 'application/strategic-merge-patch+json' },
    );
    expect(
      strategic.body.spec.template.spec.containers.map((c: { name: string }) => c.name),
    ).toEqual(['main', 'side']);
  });

  it('rolls a Deployment out over time', async () => {
    await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('roll', 'nginx:1', 3),
    );
    const done = await until(
      () => call('GET', '/apis/apps/v1/namespaces/default/deployments/roll'),
      (r) => r.body.status?.availableReplicas === 3 && r.body.status?.updatedReplicas === 3,
    );
    expect(done.body.status).toMatchObject({
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
    });
    expect(
      done.body.status.conditions.find((c: { type: string }) => c.type === 'Progressing').reason,
    ).toBe('NewReplicaSetAvailable');
  });

  it('fails a rollout of a broken image: ImagePullBackOff pods, ProgressDeadlineExceeded', async () => {
    await call(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      deployment('fail', 'shop/web:broken', 2),
    );
    const res = await until(
      () => call('GET', '/apis/apps/v1/namespaces/default/deployments/fail'),
      (r) =>
        r.body.status?.conditions?.some(
          (c: { reason: string }) => c.reason === 'ProgressDeadlineExceeded',
        ),
    );
    const progressing = res.body.status.conditions.find(
      (c: { type: string }) => c.type === 'Progressing',
    );
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    const pods = await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dfail');
    expect(pods.body.items.length).toBeGreaterThan(0);
    expect(pods.body.items[0].status.containerStatuses[0].state.waiting.reason).toBe(
      'ImagePullBackOff',
    );
  });

  it('deletes objects and returns a Success Status', async () => {
    const res = await call('DELETE', '/api/v1/namespaces/default/configmaps/cfg');
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/cfg')).status).toBe(404);
  });
});
