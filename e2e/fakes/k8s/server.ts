import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { authenticate, isAllowed, type AuthConfig, type Identity, type PolicyRule } from './auth';
import { createCa, fingerprintOf, issueClientCert, issueServerCert, type CertPair } from './certs';
import { RolloutController, type ControllerOptions } from './controller';
import { isObject } from './patch';
import { handleRest } from './rest';
import { apiGroupList, apiResourceList, findByPlural } from './resources';
import { ObjectStore } from './store';
import { badRequest, pathNotFound, StatusError, unauthorized } from './status';

export type { Identity, PolicyRule } from './auth';
export type { CertPair } from './certs';

/**
 * A test Kubernetes API server that speaks the real REST protocol over HTTPS (or HTTP): bearer
 * token and client-certificate authentication, discovery, CRUD with Status error bodies,
 * SelfSubjectAccessReview, and a simulated rollout controller. See e2e/fakes/k8s/server.test.ts.
 */
export interface FakeKubeApiOptions extends ControllerOptions {
  /** Bearer tokens → identity. Default: `{ 'test-token': { user: 'tester' } }` (full access). */
  tokens?: Record<string, Identity>;
  /** Rules per client-certificate CN; a CN not listed gets full access. */
  clientCertRules?: Record<string, PolicyRule[]>;
  /** Plain HTTP instead of HTTPS (no client certificates then). */
  http?: boolean;
  port?: number;
  gitVersion?: string;
}

export interface FakeKubeApi {
  url: string;
  /** The CA that signed the serving certificate (what a kubeconfig's certificate-authority-data holds). */
  caCertPem: string;
  /** SHA-256 of the serving certificate, `AB:CD:…`. */
  fingerprint: string;
  /** The CA client certificates must chain to. */
  clientCa: CertPair;
  mintClientCert(user: string, groups?: string[]): CertPair;
  /** Serves a brand-new certificate from a new CA (a cluster that "changed certificate"). */
  rotateCertificate(): void;
  tokens: Record<string, Identity>;
  state: ObjectStore;
  controller: RolloutController;
  /** Every request seen: method, path with query, user. */
  requests: { method: string; path: string; user?: string }[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
  });
  res.end(JSON.stringify(body));
}

function versionInfo(gitVersion: string): Record<string, unknown> {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function selfSubjectAccessReview(identity: Identity, body: unknown): Record<string, unknown> {
  const spec = isObject(body) && isObject(body.spec) ? body.spec : {};
  const attrs = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  if (!attrs)
    throw badRequest(
      'SelfSubjectAccessReview.authorization.k8s.io is invalid: spec: Invalid value: resourceAttributes or nonResourceAttributes required',
    );
  const verb = String(attrs.verb ?? '');
  const resource = String(attrs.resource ?? '');
  const namespace =
    typeof attrs.namespace === 'string' && attrs.namespace ? attrs.namespace : undefined;
  const allowed = isAllowed(identity, verb, resource, namespace);
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: allowed ? { allowed: true, reason: 'allowed by fake RBAC' } : { allowed: false },
  };
}

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

export async function startFakeKubeApi(opts: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const tokens = opts.tokens ?? { 'test-token': { user: 'tester' } };
  const auth: AuthConfig = { tokens, clientCertRules: opts.clientCertRules ?? {} };
  const gitVersion = opts.gitVersion ?? 'v1.31.4';
  const store = new ObjectStore();
  const controller = new RolloutController(store, opts);
  const requests: FakeKubeApi['requests'] = [];
  let serverCa = createCa('fake-kubernetes-ca');
  let serving = issueServerCert(serverCa);
  const clientCa = createCa('fake-kubernetes-client-ca');

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const result = authenticate(req, auth);
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        user: result.ok ? result.identity.user : undefined,
      });
      try {
        const body = await readBody(req);
        if (!result.ok && !(result.anonymous && PUBLIC_PATHS.has(url.pathname)))
          throw unauthorized();
        if (url.pathname === '/version') return send(res, 200, versionInfo(gitVersion));
        if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('ok');
        }
        const identity = (result as { identity: Identity }).identity;
        if (req.method === 'GET') {
          const discovery = discover(url.pathname);
          if (discovery) return send(res, 200, discovery);
        }
        if (
          url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' &&
          req.method === 'POST'
        ) {
          return send(res, 201, selfSubjectAccessReview(identity, JSON.parse(body || '{}')));
        }
        const out = handleRest(
          {
            method: req.method ?? 'GET',
            url,
            contentType: req.headers['content-type'] ?? '',
            body,
            identity,
          },
          store,
          controller,
        );
        send(res, out.status, out.body);
      } catch (e) {
        const err =
          e instanceof StatusError
            ? e
            : new StatusError(
                500,
                'InternalError',
                `Internal error occurred: ${(e as Error).message}`,
              );
        send(res, err.code, err.body());
      }
    })();
  };

  const server = opts.http
    ? http.createServer(handler)
    : https.createServer(
        {
          cert: serving.certPem,
          key: serving.keyPem,
          ca: [clientCa.certPem],
          requestCert: true,
          rejectUnauthorized: false,
        },
        handler,
      );
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  controller.start();
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${opts.http ? 'http' : 'https'}://127.0.0.1:${port}`,
    get caCertPem() {
      return serverCa.certPem;
    },
    get fingerprint() {
      return fingerprintOf(serving.certPem);
    },
    clientCa,
    mintClientCert: (user, groups) => issueClientCert(clientCa, user, groups),
    rotateCertificate() {
      serverCa = createCa('another-kubernetes-ca');
      serving = issueServerCert(serverCa);
      if (server instanceof https.Server) {
        server.setSecureContext({
          cert: serving.certPem,
          key: serving.keyPem,
          ca: [clientCa.certPem],
        });
      }
    },
    tokens,
    state: store,
    controller,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        controller.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function discover(pathname: string): Record<string, unknown> | undefined {
  const p = pathname.replace(/\/$/, '');
  if (p === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    };
  if (p === '/apis') return apiGroupList();
  if (p === '/api/v1') return apiResourceList('', 'v1');
  if (p === '/apis/authorization.k8s.io/v1') {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'authorization.k8s.io/v1',
      resources: [
        {
          name: 'selfsubjectaccessreviews',
          singularName: 'selfsubjectaccessreview',
          namespaced: false,
          kind: 'SelfSubjectAccessReview',
          verbs: ['create'],
        },
      ],
    };
  }
  const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(p);
  if (m) {
    const [, group, version] = m;
    if (!version) {
      const g = (apiGroupList().groups as Record<string, unknown>[]).find((x) => x.name === group);
      if (!g) throw pathNotFound();
      return { kind: 'APIGroup', apiVersion: 'v1', ...g };
    }
    if (!findByPlural(group!, version, '') && !apiResourceList(group!, version))
      throw pathNotFound();
    return apiResourceList(group!, version);
  }
  return undefined;
}
