import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from '../../e2e/fakes/k8s/server';
import { findByKind } from '../../e2e/fakes/k8s/resources';
import type { EndpointWithSecrets } from '../services/endpoints/types';
import { memoryManifestHistory } from './manifest-history';
import { createK8sTaskHandler } from './task';
import { deploymentYaml, kubeEndpoint, makeRun } from './task-test-kit';

/** Every way the K8S task can fail says clearly what went wrong and what was already applied. */
let api: FakeKubeApi;
let rotated: FakeKubeApi;
const endpoints = new Map<string, EndpointWithSecrets>();
const handler = createK8sTaskHandler({
  pollMs: 40,
  history: memoryManifestHistory(),
  loadEndpoint: async (_p, name) => {
    const e = endpoints.get(name);
    if (!e) throw new Error(`no endpoint ${name}`);
    return e;
  },
});

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\ndata: {a: "1"}\n';

async function run(input: Record<string, unknown>, endpoint = 'cluster', noScope = false) {
  return handler.run(makeRun({ input, endpoint, inputs: { REPLICAS: 1 }, noScope }).ctx);
}

beforeAll(async () => {
  api = await startFakeKubeApi({
    tokens: {
      'good-token': { user: 'deployer' },
      'reader-token': { user: 'reader', rules: [{ verbs: ['get', 'list'], resources: ['*'] }] },
    },
    stepMs: 50,
  });
  rotated = await startFakeKubeApi({ tokens: { t: { user: 'u' } } });
  const base = { url: api.url, caCert: api.caCertPem, namespace: 'default' };
  endpoints.set('cluster', kubeEndpoint('cluster', { ...base, token: 'good-token' }));
  endpoints.set('bad-token', kubeEndpoint('bad-token', { ...base, token: 'wrong' }));
  endpoints.set('reader', kubeEndpoint('reader', { ...base, token: 'reader-token' }));
  endpoints.set(
    'down',
    kubeEndpoint('down', { ...base, url: 'https://127.0.0.1:1', token: 'good-token' }),
  );
  const cert = api.mintClientCert('cert-deployer', ['deployers']);
  endpoints.set(
    'by-cert',
    kubeEndpoint('by-cert', {
      ...base,
      authType: 'CERTIFICATE',
      clientCert: cert.certPem,
      clientKey: cert.keyPem,
    }),
  );
  endpoints.set(
    'pinned',
    kubeEndpoint('pinned', {
      url: rotated.url,
      token: 't',
      fingerprint: rotated.fingerprint,
      namespace: 'default',
    }),
  );
  endpoints.set(
    'by-ca',
    kubeEndpoint('by-ca', {
      url: rotated.url,
      token: 't',
      caCert: rotated.caCertPem,
      namespace: 'default',
    }),
  );
});

afterAll(async () => {
  await api.stop();
  await rotated.stop();
});

describe('K8S task failures', () => {
  it('YAML that does not parse, or is not a Kubernetes object', async () => {
    expect((await run({ action: 'APPLY', yaml: 'kind: [' })).message).toMatch(
      /^The YAML does not parse: .*\(line \d+, column \d+\)/,
    );
    expect((await run({ action: 'APPLY', yaml: 'name: web\nimage: x\n' })).message).toBe(
      'The YAML is not a Kubernetes object: it has no apiVersion and no kind',
    );
    expect((await run({ action: 'APPLY', yaml: `${CM}---\nkind: Service\n` })).message).toBe(
      'Document 2 of the YAML is not a Kubernetes object: it has no apiVersion',
    );
    expect(
      (await run({ action: 'APPLY', yaml: 'apiVersion: v1\nkind: ConfigMap\n' })).message,
    ).toBe('The YAML (ConfigMap) has no metadata.name');
    expect((await run({ action: 'SCALE', yaml: CM })).message).toContain(
      'action must be one of CREATE, APPLY, DELETE, GET, ROLLBACK',
    );
  });

  it('an undefined binding fails the task naming it', async () => {
    const res = await run({
      action: 'APPLY',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "${input.NOPE}"}\n',
    });
    expect(res.status).toBe('FAILED');
    expect(res.message).toContain('input.NOPE');
  });

  it('a kind the cluster does not know, and an unknown API group', async () => {
    const kind = await run({
      action: 'APPLY',
      yaml: 'apiVersion: v1\nkind: Widget\nmetadata: {name: w}\n',
    });
    expect(kind.message).toBe(
      'Cannot apply Widget w: the cluster does not know kind "Widget" in apiVersion "v1" (is the apiVersion right, or is a CRD missing?). Nothing was changed in the cluster.',
    );
    const group = await run({
      action: 'APPLY',
      yaml: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
    });
    expect(group.message).toContain(
      'the cluster does not know kind "Widget" in apiVersion "example.com/v1"',
    );
  });

  it('401: the credentials are refused', async () => {
    const res = await run({ action: 'APPLY', yaml: CM }, 'bad-token');
    expect(res.status).toBe('FAILED');
    expect(res.message).toContain(
      "the cluster refused the endpoint's credentials (401 Unauthorized)",
    );
  });

  it('403: says which permission is missing', async () => {
    const res = await run({ action: 'APPLY', yaml: CM }, 'reader');
    expect(res.message).toBe(
      'Cannot apply ConfigMap default/first: permission missing (403 Forbidden): configmaps "first" is forbidden: User "reader" cannot patch resource "configmaps" in API group "" in the namespace "default". Grant that permission to the endpoint\'s user (Role/ClusterRole). Nothing was changed in the cluster.',
    );
  });

  it('422: the server field messages, and which objects were applied before', async () => {
    const yaml = `${CM}---\n${deploymentYaml('web', '')}`;
    const res = await run({ action: 'APPLY', yaml });
    expect(res.status).toBe('FAILED');
    expect(res.message).toContain(
      'Cannot apply Deployment default/web: the cluster rejected it as invalid (422): spec.template.spec.containers[0].image: Required value',
    );
    expect(res.message).toContain('Applied before the failure: ConfigMap default/first.');
  });

  it('409: CREATE of an existing object names it', async () => {
    api.state.create(findByKind('v1', 'ConfigMap')!, 'default', { metadata: { name: 'taken' } });
    const res = await run({
      action: 'CREATE',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: taken}\n',
    });
    expect(res.message).toBe(
      'Cannot create ConfigMap default/taken: the cluster answered 409 AlreadyExists: configmaps "taken" already exists. Nothing was changed in the cluster.',
    );
  });

  it('GET of a missing object fails with NotFound', async () => {
    const res = await run({
      action: 'GET',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ghost}\n',
    });
    expect(res.message).toBe(
      'Cannot get ConfigMap default/ghost: the cluster answered 404 NotFound: configmaps "ghost" not found',
    );
  });

  it('an unreachable cluster', async () => {
    const res = await run({ action: 'APPLY', yaml: CM }, 'down');
    expect(res.status).toBe('FAILED');
    expect(res.message).toMatch(
      /^Cannot apply ConfigMap first: the cluster at https:\/\/127\.0\.0\.1:1 is not reachable: Connection refused/,
    );
  });

  it('client-certificate endpoints work', async () => {
    const res = await run(
      { action: 'APPLY', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: via-cert}\n' },
      'by-cert',
    );
    expect(res.status).toBe('COMPLETED');
    expect(api.requests.some((r) => r.user === 'cert-deployer' && r.method === 'PATCH')).toBe(true);
  });

  it('KUBECONFIG endpoints work (embedded CA and token, chosen context)', async () => {
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: fake\n  cluster:\n    server: ${api.url}\n    certificate-authority-data: ${Buffer.from(api.caCertPem).toString('base64')}`,
      'users:',
      '- name: deployer\n  user:\n    token: good-token',
      '- name: nobody\n  user:\n    token: wrong',
      'contexts:',
      '- name: good\n  context: {cluster: fake, user: deployer, namespace: kc-ns}',
      '- name: bad\n  context: {cluster: fake, user: nobody}',
      'current-context: bad',
    ].join('\n');
    api.state.create(findByKind('v1', 'Namespace')!, undefined, { metadata: { name: 'kc-ns' } });
    endpoints.set(
      'kc',
      kubeEndpoint('kc', {
        authType: 'KUBECONFIG',
        kubeconfig,
        context: 'good',
        namespace: 'kc-ns',
      }),
    );
    const res = await run(
      {
        action: 'APPLY',
        yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: via-kubeconfig}\n',
      },
      'kc',
    );
    expect(res.message).toBeUndefined();
    expect(res.output).toMatchObject({ namespace: 'kc-ns', name: 'via-kubeconfig' });
  });

  it('a cluster that changed certificate (pinned fingerprint, or CA)', async () => {
    expect((await run({ action: 'APPLY', yaml: CM }, 'pinned')).status).toBe('COMPLETED');
    rotated.rotateCertificate();
    const pinned = await run({ action: 'APPLY', yaml: CM }, 'pinned');
    expect(pinned.status).toBe('FAILED');
    expect(pinned.message).toContain("The server's certificate changed");
    const byCa = await run({ action: 'APPLY', yaml: CM }, 'by-ca');
    expect(byCa.status).toBe('FAILED');
    expect(byCa.message).toMatch(
      /not reachable: TLS failed: .*(has the cluster changed certificate\? Validate the endpoint again)/,
    );
  });
});
