import { expect, test, type APIRequestContext } from '@playwright/test';
import { API_MD_EXAMPLE } from '../../lib/pipeline/examples';
import { bearerFor } from '../support/session';
import { expectError, makeProject, makeUser } from './foundation-helpers';

type Headers = { Authorization: string };
interface Issue {
  path: string;
  message: string;
  line?: number;
}

const yamlHeaders = (h: Headers) => ({ ...h, 'content-type': 'application/yaml' });

async function postYaml(request: APIRequestContext, headers: Headers, text: string) {
  return request.post('/api/v1/pipelines', { headers: yamlHeaders(headers), data: text });
}

async function issuesOf(res: import('@playwright/test').APIResponse): Promise<Issue[]> {
  const err = await expectError(res, 422, 'VALIDATION_FAILED');
  return (err.details as { issues: Issue[] }).issues;
}

const conditionTask = (extra = '') => `name: p
stageOrder: [S]
stages:
  S:
    taskOrder: [T]
    tasks:
      T:
        type: CONDITION
        input: {condition: 'true'}
${extra}`;

test('imports the api.md example as YAML and exports it identically', async ({ request }) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const text = API_MD_EXAMPLE.replace('project: shop', `project: ${project.name}`);
  const created = await postYaml(request, headers, text);
  expect(created.status(), await created.text()).toBe(201);
  const body = (await created.json()) as { id: string; stageOrder: string[]; input: object };
  expect(body.stageOrder).toEqual(['Deploy', 'Verify']);
  expect(Object.keys(body.input)[0]).toBe('DOCKER_EVENT_OWNER_NAME');

  const exported = await request.get(`/api/v1/pipelines/${body.id}?format=yaml`, { headers });
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-type']).toMatch(/application\/yaml/);
  const yamlText = await exported.text();
  expect(yamlText).toContain(`project: ${project.name}`);
  expect(yamlText).toContain('replicas: ${input.REPLICAS}');

  // Import the export as a second pipeline (same document but its name) and export again.
  const renamed = yamlText.replace('name: deploy-web-on-push', 'name: deploy-web-copy');
  const again = await postYaml(request, headers, renamed);
  expect(again.status(), await again.text()).toBe(201);
  const { id } = (await again.json()) as { id: string };
  const second = await (
    await request.get(`/api/v1/pipelines/${id}?format=yaml`, { headers })
  ).text();
  expect(second).toBe(renamed);

  // PATCH with the exported YAML changes nothing.
  const patched = await request.patch(`/api/v1/pipelines/${id}`, {
    headers: yamlHeaders(headers),
    data: second,
  });
  expect(patched.status(), await patched.text()).toBe(200);
  expect(await (await request.get(`/api/v1/pipelines/${id}?format=yaml`, { headers })).text()).toBe(
    second,
  );

  // JSON round trip: GET → POST (server keys are ignored) under a new name.
  const json = (await (await request.get(`/api/v1/pipelines/${id}`, { headers })).json()) as Record<
    string,
    unknown
  >;
  const copy = await request.post('/api/v1/pipelines', {
    headers,
    data: { ...json, name: 'json-copy' },
  });
  expect(copy.status(), await copy.text()).toBe(201);
  const list = await request.get(`/api/v1/pipelines?project=${project.id}&limit=2`, { headers });
  const page = (await list.json()) as {
    items: { name: string; lastExecution: unknown }[];
    nextCursor: string;
  };
  expect(page.items.map((i) => i.name)).toEqual(['json-copy', 'deploy-web-copy']);
  expect(page.nextCursor).toBeTruthy();
  expect(page.items[0]!.lastExecution).toBeNull();
});

test('every kind of bad document is a 422 with the field path (and line for YAML), nothing saved', async ({
  request,
}) => {
  const headers = await bearerFor(request);
  const project = await makeProject(request, headers);
  const withProject = (t: string) => `project: ${project.name}\n${t}`;

  const broken = await issuesOf(await postYaml(request, headers, withProject('name: [oops\n')));
  expect(broken[0]!.message).toMatch(/YAML does not parse/);
  // Open at the end of this 2-line document: the error is on line 2, not after the text.
  expect(broken[0]!.line).toBe(2);

  const dup = await issuesOf(
    await postYaml(
      request,
      headers,
      withProject(conditionTask().replace(/(      T:\n(?:.*\n){2})/, '$1$1')),
    ),
  );
  expect(dup[0]!.message).toMatch(/same name is used twice/);
  expect(dup[0]!.line).toBe(11);

  const unknownType = await issuesOf(
    await postYaml(request, headers, withProject(conditionTask().replace('CONDITION', 'SHELL'))),
  );
  expect(unknownType[0]).toMatchObject({ path: 'stages.S.tasks.T.type', line: 9 });

  const emptyStage = await issuesOf(
    await postYaml(
      request,
      headers,
      withProject('name: p\nstageOrder: [S]\nstages:\n  S: {taskOrder: [], tasks: {}}\n'),
    ),
  );
  expect(emptyStage.map((i) => i.path)).toContain('stages.S.tasks');

  const missingTask = await issuesOf(
    await postYaml(
      request,
      headers,
      withProject(conditionTask().replace('taskOrder: [T]', 'taskOrder: [T, U]')),
    ),
  );
  expect(missingTask[0]).toMatchObject({ path: 'stages.S.taskOrder.1', line: 6 });

  const binding = await issuesOf(
    await postYaml(
      request,
      headers,
      withProject(conditionTask("output: {O: '${S.T.output.x}', P: '${input.NOPE}'}")),
    ),
  );
  expect(binding.map((i) => `${i.path}: ${i.message}`)).toContain(
    'output.P: ${input.NOPE}: there is no input "NOPE"',
  );

  const cycle = await request.post('/api/v1/pipelines', {
    headers,
    data: {
      project: project.id,
      name: 'cycle',
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['A, B'],
          tasks: {
            A: { type: 'CONDITION', input: { condition: '${S.B.output.ok}' } },
            B: { type: 'CONDITION', input: { condition: '${S.A.output.ok}' } },
          },
        },
      },
    },
  });
  expect((await issuesOf(cycle)).map((i) => i.message).join('\n')).toMatch(/cycle/);

  const k8s = await request.post('/api/v1/pipelines', {
    headers,
    data: {
      project: project.id,
      name: 'k8s',
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['K'],
          tasks: { K: { type: 'K8S', input: { action: 'APPLY', yaml: 'kind: X' } } },
        },
      },
    },
  });
  expect((await issuesOf(k8s)).map((i) => i.path)).toEqual([
    'stages.S.tasks.K.endpoints.kubernetesServer',
  ]);

  const noVar = await request.post('/api/v1/pipelines', {
    headers,
    data: { project: project.id, name: 'v', output: { X: '${var.NOT_THERE}' } },
  });
  expect((await issuesOf(noVar))[0]).toMatchObject({ path: 'output.X' });

  await expectError(
    await request.post('/api/v1/pipelines', {
      headers,
      data: '{not json',
      failOnStatusCode: false,
    }),
    400,
  );
  const list = (await (
    await request.get(`/api/v1/pipelines?project=${project.id}`, { headers })
  ).json()) as {
    items: unknown[];
  };
  expect(list.items).toEqual([]);
});

test('PATCH, duplicate, access rules and 401/404/409', async ({ request }) => {
  const admin = await bearerFor(request);
  const project = await makeProject(request, admin);
  const created = await request.post('/api/v1/pipelines', {
    headers: admin,
    data: { project: project.name, name: 'base', autoInject: 'GIT' },
  });
  expect(created.status()).toBe(201);
  const p = (await created.json()) as { id: string; input: Record<string, string> };
  expect(Object.keys(p.input)).toContain('GIT_COMMIT_ID');

  await expectError(
    await request.post('/api/v1/pipelines', {
      headers: admin,
      data: { project: project.name, name: 'base' },
    }),
    409,
    'CONFLICT',
  );
  const disabled = await request.patch(`/api/v1/pipelines/${p.id}`, {
    headers: admin,
    data: { enabled: false, autoInject: null },
  });
  expect(((await disabled.json()) as { enabled: boolean; autoInject?: string }).enabled).toBe(
    false,
  );

  const dup = await request.post(`/api/v1/pipelines/${p.id}/duplicate`, {
    headers: admin,
    data: {},
  });
  expect(dup.status()).toBe(201);
  expect(((await dup.json()) as { name: string }).name).toBe('base copy');

  const outsider = await makeUser(request, admin);
  await expectError(
    await request.get(`/api/v1/pipelines/${p.id}`, { headers: outsider.headers }),
    404,
    'NOT_FOUND',
  );
  await expectError(
    await request.delete(`/api/v1/pipelines/${p.id}`, { headers: outsider.headers }),
    404,
  );
  await expectError(await request.get('/api/v1/pipelines'), 401, 'UNAUTHORIZED');
  await expectError(await request.get('/api/v1/pipelines/not-an-id', { headers: admin }), 404);

  const del = await request.delete(`/api/v1/pipelines/${p.id}`, { headers: admin });
  expect(del.status()).toBe(204);
  await expectError(await request.get(`/api/v1/pipelines/${p.id}`, { headers: admin }), 404);
});

test('variables: secrets are write-only and masked; RESTRICTED needs an admin to allow pipelines', async ({
  request,
}) => {
  const admin = await bearerFor(request);
  const project = await makeProject(request, admin);
  const pipeline = (await (
    await request.post('/api/v1/pipelines', {
      headers: admin,
      data: { project: project.name, name: 'uses-vars' },
    })
  ).json()) as { id: string };

  const secret = await request.post('/api/v1/variables', {
    headers: admin,
    data: { project: project.name, name: 'DB_PASSWORD', type: 'SECRET', value: 'hunter2-secret' },
  });
  expect(secret.status(), await secret.text()).toBe(201);
  const s = (await secret.json()) as { id: string; value: string };
  expect(s.value).toBe('*****');
  const fetched = await request.get(`/api/v1/variables/${s.id}`, { headers: admin });
  expect(await fetched.text()).not.toContain('hunter2-secret');
  const listed = await request.get(`/api/v1/variables?project=${project.id}`, { headers: admin });
  expect(await listed.text()).not.toContain('hunter2-secret');

  await expectError(
    await request.post('/api/v1/variables', {
      headers: admin,
      data: { project: project.name, name: '1bad', value: 'x' },
    }),
    422,
  );
  await expectError(
    await request.post('/api/v1/variables', {
      headers: admin,
      data: { project: project.name, name: 'DB_PASSWORD', value: 'x' },
    }),
    422,
  );
  await expectError(
    await request.patch(`/api/v1/variables/${s.id}`, { headers: admin, data: { type: 'REGULAR' } }),
    422,
  );

  const restricted = await request.post('/api/v1/variables', {
    headers: admin,
    data: {
      project: project.name,
      name: 'PROD_KEY',
      type: 'RESTRICTED',
      value: 'k',
      allowedPipelines: ['uses-vars'],
    },
  });
  expect(restricted.status(), await restricted.text()).toBe(201);
  expect(
    ((await restricted.json()) as { allowedPipelines: { id: string }[] }).allowedPipelines,
  ).toEqual([{ id: pipeline.id, name: 'uses-vars' }]);

  const dev = await makeUser(request, admin);
  await request.post(`/api/v1/projects/${project.id}/members`, {
    headers: admin,
    data: { email: dev.email, role: 'DEVELOPER' },
  });
  await expectError(
    await request.post('/api/v1/variables', {
      headers: dev.headers,
      data: {
        project: project.name,
        name: 'X',
        type: 'RESTRICTED',
        value: 'k',
        allowedPipelines: ['uses-vars'],
      },
    }),
    403,
    'FORBIDDEN',
  );

  // A pipeline may now use the variable; a binding to a missing one is refused.
  const ok = await request.patch(`/api/v1/pipelines/${pipeline.id}`, {
    headers: admin,
    data: { output: { O: '${var.DB_PASSWORD}' } },
  });
  expect(ok.status(), await ok.text()).toBe(200);
  const del = await request.delete(`/api/v1/variables/${s.id}`, { headers: admin });
  expect(del.status()).toBe(204);
});
