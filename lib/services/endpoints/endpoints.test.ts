import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDockerHub, type FakeDockerHub } from '../../../e2e/fakes/docker-hub';
import { startFakeKubeApi, type FakeKubeApi } from '../../../e2e/fakes/k8s/server';
import { startRealRegistry, type RealRegistry } from '../../../e2e/fakes/registry';
import { AppError } from '../../api/errors';
import type { Db } from '../../db/client';
import { dockerWebhooks, endpoints, pipelines } from '../../db/schema';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases';
import { makeProject, makeUser } from '../../test/fixtures';
import type { Ctx } from '../context';
import {
  createEndpoint,
  deleteEndpoint,
  describeCertificate,
  getEndpoint,
  listEndpoints,
  loadEndpointWithSecrets,
  updateEndpoint,
  validateEndpoint,
} from '.';

const REG_USER = 'alice';
const REG_PASS = 'wonderland-42';
const HUB_USER = 'hubber';
const HUB_PASS = 'dckr_pat_hub-secret';

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

let registry: RealRegistry;
let hub: FakeDockerHub;
let kube: FakeKubeApi;

beforeAll(async () => {
  [registry, hub, kube] = await Promise.all([
    startRealRegistry({ users: { [REG_USER]: REG_PASS } }),
    startFakeDockerHub({ users: { [HUB_USER]: HUB_PASS } }),
    startFakeKubeApi({
      tokens: {
        'admin-token': { user: 'admin' },
        'reader-token': { user: 'reader', rules: [{ verbs: ['get', 'list'], resources: ['*'] }] },
      },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), hub?.stop(), kube?.stop()]);
});

describe.each(DATABASE_KINDS)('endpoints on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let ctx: Ctx;
  let project: string;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    ctx = (await makeUser(db)).ctx;
    project = (await makeProject(ctx)).name;
  });
  afterAll(async () => tdb.destroy());

  const registryInput = (name: string, extra: Record<string, unknown> = {}) => ({
    project,
    name,
    type: 'DOCKER_REGISTRY' as const,
    properties: {
      serverType: 'REGISTRY_V2' as const,
      url: registry.url,
      username: REG_USER,
      password: REG_PASS,
      ...extra,
    },
  });

  it('refuses an untrusted registry certificate until it is accepted, then validates with the right password', async () => {
    const cert = await describeCertificate(ctx, registry.url);
    expect(cert.trusted).toBe(false);
    expect(cert.fingerprintSha256).toBe(registry.fingerprint);
    expect(cert.subject).toMatch(/CN=slipway-test-registry/);

    const refused = await failure(createEndpoint(ctx, registryInput('reg-untrusted')));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/does not trust the certificate/);
    expect(await listEndpoints(ctx, { project, limit: 50 })).toEqual({
      items: [],
      nextCursor: null,
    });

    const e = await createEndpoint(
      ctx,
      registryInput('reg', { fingerprint: cert.fingerprintSha256.toLowerCase() }),
    );
    expect(e.properties).toMatchObject({ fingerprint: registry.fingerprint, passwordSet: true });
    expect(e.properties).not.toHaveProperty('password');
    const r = await validateEndpoint(ctx, e.id);
    expect(r).toEqual({ ok: true, message: expect.stringMatching(/Signed in .* as alice/) });
    expect((await getEndpoint(ctx, e.id)).lastValidation).toMatchObject({ ok: true });
  });

  it('stores the password encrypted, never answers it, and keeps it on a PATCH without it', async () => {
    const e = await createEndpoint(
      ctx,
      registryInput('reg-secret', { fingerprint: registry.fingerprint }),
    );
    const [row] = await db.select().from(endpoints).where(eq(endpoints.id, e.id));
    expect(row!.secrets).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(REG_PASS);
    const renamed = await updateEndpoint(ctx, e.id, {
      name: 'reg-secret-2',
      properties: { username: REG_USER },
    });
    expect(renamed.properties.passwordSet).toBe(true);
    expect(JSON.stringify(renamed)).not.toContain(REG_PASS);
    const loaded = await loadEndpointWithSecrets(db, renamed.project.id, 'reg-secret-2');
    expect(loaded.type === 'DOCKER_REGISTRY' && loaded.properties.password).toBe(REG_PASS);
    expect((await validateEndpoint(ctx, e.id)).ok).toBe(true);
  });

  it('tells wrong credentials apart from a server that is no registry and from connection failures', async () => {
    const wrong = await createEndpoint(
      ctx,
      registryInput('reg-wrong', { fingerprint: registry.fingerprint, password: 'not-it' }),
    );
    const r = await validateEndpoint(ctx, wrong.id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/refused the username and password \(wrong credentials\)/);

    const notRegistry = await createEndpoint(
      ctx,
      registryInput('not-a-registry', { url: hub.url }),
    );
    expect((await validateEndpoint(ctx, notRegistry.id)).message).toMatch(
      /reachable but is not a Docker registry API: GET \/v2\/ answered 404/,
    );

    const refused = await createEndpoint(
      ctx,
      registryInput('refused', { url: 'http://127.0.0.1:9' }),
    );
    expect((await validateEndpoint(ctx, refused.id)).message).toMatch(
      /Connection refused by 127\.0\.0\.1:9/,
    );

    const dns = await createEndpoint(
      ctx,
      registryInput('dns', { url: 'https://no-such-host.invalid' }),
    );
    expect((await validateEndpoint(ctx, dns.id)).message).toMatch(/DNS lookup failed/);
  });

  it('signs in to the Docker Hub stand-in, and reports refused credentials', async () => {
    const base = { project, type: 'DOCKER_REGISTRY' as const };
    const ok = await createEndpoint(ctx, {
      ...base,
      name: 'hub',
      properties: {
        serverType: 'DOCKER_HUB',
        url: hub.url,
        username: HUB_USER,
        password: HUB_PASS,
      },
    });
    expect(await validateEndpoint(ctx, ok.id)).toEqual({
      ok: true,
      message: expect.stringMatching(/Signed in to Docker Hub .* as hubber/),
    });
    const bad = await createEndpoint(ctx, {
      ...base,
      name: 'hub-bad',
      properties: { serverType: 'DOCKER_HUB', url: hub.url, username: HUB_USER, password: 'nope' },
    });
    const r = await validateEndpoint(ctx, bad.id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/refused the username and password or access token/);
    const missing = await failure(
      createEndpoint(ctx, {
        ...base,
        name: 'hub-x',
        properties: { serverType: 'DOCKER_HUB', username: HUB_USER },
      }),
    );
    expect(missing.message).toMatch(/properties\.password: Docker Hub needs a password/);
  });

  it('validates Kubernetes endpoints: token with CA, pinned fingerprint, client certificate, kubeconfig', async () => {
    const k = (name: string, properties: Record<string, unknown>) =>
      createEndpoint(ctx, { project, name, type: 'KUBERNETES', properties: properties as never });

    const untrusted = await failure(
      k('k-untrusted', { url: kube.url, authType: 'TOKEN', token: 'admin-token' }),
    );
    expect(untrusted.message).toMatch(/does not trust the certificate/);

    const tok = await k('k-token', {
      url: kube.url,
      authType: 'TOKEN',
      token: 'admin-token',
      caCert: kube.caCertPem,
      namespace: 'shop',
    });
    expect(tok.properties).toMatchObject({ tokenSet: true, namespace: 'shop' });
    const r = await validateEndpoint(ctx, tok.id);
    expect(r).toEqual({
      ok: true,
      message: expect.stringMatching(
        /Kubernetes v1\.\d+\.\d+; these credentials may create Deployments in namespace "shop"/,
      ),
    });

    const reader = await k('k-reader', {
      url: kube.url,
      authType: 'TOKEN',
      token: 'reader-token',
      fingerprint: kube.fingerprint,
    });
    const rr = await validateEndpoint(ctx, reader.id);
    expect(rr.ok).toBe(false);
    expect(rr.message).toMatch(
      /Connected to Kubernetes v1\.\d+\.\d+, but these credentials may not create Deployments/,
    );

    const wrong = await k('k-wrong', {
      url: kube.url,
      authType: 'TOKEN',
      token: 'wrong-token',
      caCert: kube.caCertPem,
    });
    expect((await validateEndpoint(ctx, wrong.id)).message).toMatch(
      /refused the credentials \(401/,
    );

    const client = kube.mintClientCert('deployer', ['devs']);
    const cert = await k('k-cert', {
      url: kube.url,
      authType: 'CERTIFICATE',
      clientCert: client.certPem,
      clientKey: client.keyPem,
      caCert: kube.caCertPem,
    });
    expect(cert.properties).toMatchObject({ clientCertSet: true, clientKeySet: true });
    expect((await validateEndpoint(ctx, cert.id)).ok).toBe(true);

    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: fake\n  cluster:\n    server: ${kube.url}\n    certificate-authority-data: ${Buffer.from(kube.caCertPem).toString('base64')}`,
      'users:',
      '- name: admin\n  user:\n    token: admin-token',
      '- name: reader\n  user:\n    token: reader-token',
      'contexts:',
      '- name: admin@fake\n  context: {cluster: fake, user: admin, namespace: ops}',
      '- name: reader@fake\n  context: {cluster: fake, user: reader}',
      'current-context: reader@fake',
    ].join('\n');
    const missingCtx = await failure(
      k('k-cfg-x', { authType: 'KUBECONFIG', kubeconfig, context: 'nope' }),
    );
    expect(missingCtx.message).toMatch(/no context "nope" \(it has: admin@fake, reader@fake\)/);
    const broken = await failure(
      k('k-cfg-y', { authType: 'KUBECONFIG', kubeconfig: 'clusters: [oops', context: 'a' }),
    );
    expect(broken.message).toMatch(/kubeconfig does not parse/);
    const fromFile = await k('k-cfg', {
      authType: 'KUBECONFIG',
      kubeconfig,
      context: 'admin@fake',
    });
    expect(fromFile.properties).toMatchObject({
      url: kube.url,
      kubeconfigSet: true,
      context: 'admin@fake',
    });
    expect((await validateEndpoint(ctx, fromFile.id)).ok).toBe(true);
    const names = (await listEndpoints(ctx, { project, type: 'KUBERNETES', limit: 50 })).items.map(
      (e) => e.name,
    );
    expect(names).toEqual(['k-cert', 'k-cfg', 'k-reader', 'k-token', 'k-wrong']);
  });

  it('hides endpoints from non-members (404) and refuses to delete one a pipeline uses (409)', async () => {
    const e = await createEndpoint(
      ctx,
      registryInput('reg-used', { fingerprint: registry.fingerprint }),
    );
    const stranger = (await makeUser(db)).ctx;
    expect((await failure(getEndpoint(stranger, e.id))).status).toBe(404);
    expect((await failure(deleteEndpoint(stranger, e.id))).status).toBe(404);
    const doc = {
      kind: 'PIPELINE',
      name: 'deploy-web',
      stages: {
        Deploy: {
          tasks: {
            'Apply web': {
              type: 'K8S',
              endpoints: { kubernetesServer: 'k8s' },
              input: { imagePullSecretFrom: 'reg-used' },
            },
          },
        },
      },
    };
    await db
      .insert(pipelines)
      .values({ projectId: e.project.id, name: 'deploy-web', document: JSON.stringify(doc) });
    const busy = await failure(deleteEndpoint(ctx, e.id));
    expect(busy.status).toBe(409);
    expect(busy.message).toMatch(/in use by pipeline "deploy-web"/);
    const [pipe] = await db
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(eq(pipelines.name, 'deploy-web'));
    await db.insert(dockerWebhooks).values({
      projectId: e.project.id,
      name: 'on-push',
      endpointId: e.id,
      pipelineId: pipe!.id,
      repoNamespace: 'shop',
      repoName: 'web',
      secureTokenEnc: 'v1:x:y:z',
      secureTokenHash: `hash-${kind}`,
    });
    expect((await failure(deleteEndpoint(ctx, e.id))).message).toMatch(
      /in use by pipeline "deploy-web", Docker webhook "on-push"/,
    );
    const rename = await failure(updateEndpoint(ctx, e.id, { name: 'reg-renamed' }));
    expect(rename.status).toBe(409);
    expect(rename.message).toMatch(/cannot be renamed while pipeline "deploy-web" refer/);
    const free = await createEndpoint(
      ctx,
      registryInput('reg-free', { fingerprint: registry.fingerprint }),
    );
    await deleteEndpoint(ctx, free.id);
    expect((await failure(getEndpoint(ctx, free.id))).status).toBe(404);
  });

  it('says so when a pinned server presents a changed certificate', async () => {
    const e = await createEndpoint(
      ctx,
      registryInput('reg-pinned', { fingerprint: registry.fingerprint }),
    );
    expect((await validateEndpoint(ctx, e.id)).ok).toBe(true);
    const old = registry.fingerprint;
    await registry.restartWithNewCertificate();
    expect(registry.fingerprint).not.toBe(old);
    const r = await validateEndpoint(ctx, e.id);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/The server's certificate changed/);
    expect(r.message).toContain(registry.fingerprint);
    expect((await getEndpoint(ctx, e.id)).lastValidation).toMatchObject({ ok: false });
  });
});
