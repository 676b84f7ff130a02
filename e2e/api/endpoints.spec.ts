import { expect, test } from '@playwright/test';
import { startFakeDockerHub, type FakeDockerHub } from '../fakes/docker-hub';
import { startRealRegistry, type RealRegistry } from '../fakes/registry';
import { bearerFor, unique } from '../support/session';
import { expectError, makeProject, makeUser } from './foundation-helpers';

/** Endpoints over HTTP against a real docker-registry (TLS, htpasswd) and the Hub stand-in. */
let registry: RealRegistry;
let hub: FakeDockerHub;
const USER = 'ci-bot';
const PASS = 'registry pass 42';

test.beforeAll(async () => {
  registry = await startRealRegistry({ users: { [USER]: PASS } });
  hub = await startFakeDockerHub({ users: { hubber: 'hub-secret-1' } });
});
test.afterAll(async () => {
  await Promise.all([registry?.stop(), hub?.stop()]);
});

interface EndpointBody {
  id: string;
  name: string;
  type: string;
  project: { id: string; name: string };
  properties: Record<string, unknown>;
  lastValidation: { ok: boolean; message: string } | null;
}

test('create, read, update, validate and delete a registry endpoint; credentials are write-only', async ({
  request,
}) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const base = {
    project: project.name,
    name: 'registry',
    type: 'DOCKER_REGISTRY',
    properties: { serverType: 'REGISTRY_V2', url: registry.url, username: USER, password: PASS },
  };

  // Not trusted by the system and not accepted: refused, nothing saved.
  const refused = await expectError(
    await request.post('/api/v1/endpoints', { headers, data: base }),
    422,
    'VALIDATION_FAILED',
  );
  expect(refused.message).toMatch(/does not trust the certificate/);
  expect(refused.details?.issues?.[0]?.path).toBe('properties.fingerprint');
  const empty = await request.get(`/api/v1/endpoints?project=${project.id}`, { headers });
  expect((await empty.json()) as unknown).toEqual({ items: [], nextCursor: null });

  const certRes = await request.post('/api/v1/endpoints/certificate', {
    headers,
    data: { url: registry.url },
  });
  expect(certRes.status()).toBe(200);
  const cert = (await certRes.json()) as {
    fingerprintSha256: string;
    trusted: boolean;
    subject: string;
  };
  expect(cert).toMatchObject({ fingerprintSha256: registry.fingerprint, trusted: false });

  const created = await request.post('/api/v1/endpoints', {
    headers,
    data: { ...base, properties: { ...base.properties, fingerprint: cert.fingerprintSha256 } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const e = (await created.json()) as EndpointBody;
  expect(e.properties).toMatchObject({
    passwordSet: true,
    username: USER,
    fingerprint: registry.fingerprint,
  });
  expect(JSON.stringify(e)).not.toContain(PASS);

  await expectError(
    await request.post('/api/v1/endpoints', {
      headers,
      data: { ...base, properties: { ...base.properties, fingerprint: cert.fingerprintSha256 } },
    }),
    409,
    'CONFLICT',
  );

  const got = await request.get(`/api/v1/endpoints/${e.id}`, { headers });
  expect(await got.text()).not.toContain(PASS);

  const ok = await request.post(`/api/v1/endpoints/${e.id}/validate`, { headers });
  expect(await ok.json()).toEqual({ ok: true, message: expect.stringMatching(/Signed in/) });

  // Renaming without a password keeps the stored one.
  const renamed = await request.patch(`/api/v1/endpoints/${e.id}`, {
    headers,
    data: { name: 'registry-2' },
  });
  expect(renamed.status()).toBe(200);
  expect(((await renamed.json()) as EndpointBody).properties.passwordSet).toBe(true);
  const stillOk = await request.post(`/api/v1/endpoints/${e.id}/validate`, { headers });
  expect(((await stillOk.json()) as { ok: boolean }).ok).toBe(true);

  await request.patch(`/api/v1/endpoints/${e.id}`, {
    headers,
    data: { properties: { password: 'wrong password' } },
  });
  const bad = await request.post(`/api/v1/endpoints/${e.id}/validate`, { headers });
  expect(await bad.json()).toEqual({
    ok: false,
    message: expect.stringMatching(/wrong credentials/),
  });
  const list = (await (
    await request.get(`/api/v1/endpoints?project=${project.name}`, { headers })
  ).json()) as { items: EndpointBody[] };
  expect(list.items.map((i) => [i.name, i.lastValidation?.ok])).toEqual([['registry-2', false]]);

  expect((await request.delete(`/api/v1/endpoints/${e.id}`, { headers })).status()).toBe(204);
  await expectError(await request.get(`/api/v1/endpoints/${e.id}`, { headers }), 404, 'NOT_FOUND');
});

test('bad input gets clear messages: unreachable, DNS, not a registry, Hub sign-in', async ({
  request,
}) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const make = async (name: string, properties: Record<string, unknown>) => {
    const r = await request.post('/api/v1/endpoints', {
      headers,
      data: { project: project.id, name, type: 'DOCKER_REGISTRY', properties },
    });
    expect(r.status(), await r.text()).toBe(201);
    const { id } = (await r.json()) as EndpointBody;
    return (await (await request.post(`/api/v1/endpoints/${id}/validate`, { headers })).json()) as {
      ok: boolean;
      message: string;
    };
  };
  expect(
    (await make('refused', { serverType: 'HARBOR', url: 'http://127.0.0.1:9' })).message,
  ).toMatch(/Connection refused/);
  expect(
    (await make('dns', { serverType: 'REGISTRY_V2', url: 'https://nowhere.invalid' })).message,
  ).toMatch(/DNS lookup failed/);
  expect((await make('web', { serverType: 'REGISTRY_V2', url: hub.url })).message).toMatch(
    /not a Docker registry API/,
  );
  expect(
    await make('hub', {
      serverType: 'DOCKER_HUB',
      url: hub.url,
      username: 'hubber',
      password: 'hub-secret-1',
    }),
  ).toMatchObject({ ok: true });
  expect(
    await make('hub-bad', {
      serverType: 'DOCKER_HUB',
      url: hub.url,
      username: 'hubber',
      password: 'nope',
    }),
  ).toMatchObject({
    ok: false,
    message: expect.stringMatching(/refused the username and password/),
  });

  const badKube = await expectError(
    await request.post('/api/v1/endpoints', {
      headers,
      data: {
        project: project.id,
        name: 'k',
        type: 'KUBERNETES',
        properties: {
          authType: 'KUBECONFIG',
          kubeconfig: 'apiVersion: v1\nkind: Config\ncontexts: []\n',
          context: 'prod',
        },
      },
    }),
    422,
  );
  expect(badKube.message).toMatch(/no context "prod"/);
  await expectError(
    await request.post('/api/v1/endpoints/certificate', {
      headers,
      data: { url: 'https://127.0.0.1:9' },
    }),
    422,
  );
});

test('endpoints of another project are invisible (404); delete is refused while a pipeline uses it', async ({
  request,
}) => {
  const admin = await bearerFor(request);
  const project = await makeProject(request, admin);
  const r = await request.post('/api/v1/endpoints', {
    headers: admin,
    data: {
      project: project.name,
      name: 'hub',
      type: 'DOCKER_REGISTRY',
      properties: {
        serverType: 'DOCKER_HUB',
        url: hub.url,
        username: 'hubber',
        password: 'hub-secret-1',
      },
    },
  });
  const e = (await r.json()) as EndpointBody;
  const other = await makeUser(request, admin);
  await expectError(
    await request.get(`/api/v1/endpoints/${e.id}`, { headers: other.headers }),
    404,
  );
  await expectError(
    await request.patch(`/api/v1/endpoints/${e.id}`, {
      headers: other.headers,
      data: { name: 'x' },
    }),
    404,
  );
  await expectError(
    await request.post(`/api/v1/endpoints/${e.id}/validate`, { headers: other.headers }),
    404,
  );
  await expectError(
    await request.delete(`/api/v1/endpoints/${e.id}`, { headers: other.headers }),
    404,
  );
  await expectError(
    await request.get(`/api/v1/endpoints?project=${project.id}`, { headers: other.headers }),
    404,
  );
  const theirs = (await (
    await request.get('/api/v1/endpoints', { headers: other.headers })
  ).json()) as {
    items: EndpointBody[];
  };
  expect(theirs.items.find((i) => i.id === e.id)).toBeUndefined();

  const pipelineName = unique('uses-hub');
  const p = await request.post('/api/v1/pipelines', {
    headers: admin,
    data: {
      kind: 'PIPELINE',
      project: project.name,
      name: pipelineName,
      stageOrder: ['Deploy'],
      stages: {
        Deploy: {
          taskOrder: ['Apply'],
          tasks: {
            Apply: {
              type: 'K8S',
              endpoints: { kubernetesServer: 'cluster' },
              input: {
                action: 'APPLY',
                namespace: 'default',
                imagePullSecretFrom: 'hub',
                yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
              },
            },
          },
        },
      },
    },
  });
  test.skip(p.status() === 404 || p.status() === 405, 'pipelines API not available in this build');
  expect(p.status(), await p.text()).toBe(201);
  const busy = await expectError(
    await request.delete(`/api/v1/endpoints/${e.id}`, { headers: admin }),
    409,
    'CONFLICT',
  );
  expect(busy.message).toContain(`pipeline "${pipelineName}"`);
});
