import https from 'node:https';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { validationFailed } from '../api/errors';
import { getDb, type DbOrTx } from '../db/client';
import { PinnedHttpsAgent } from '../tls/pinning';
import type { EndpointWithSecrets, KubernetesConfig } from '../services/endpoints/types';

type RequestContextLike = Parameters<KubeConfig['applySecurityAuthentication']>[0];

/**
 * A KubeConfig that, when a certificate fingerprint was accepted, talks to the API server only
 * while it presents exactly that certificate (and otherwise fails with "certificate changed").
 */
export class PinnedKubeConfig extends KubeConfig {
  constructor(readonly fingerprint: string | null) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContextLike): Promise<void> {
    await super.applySecurityAuthentication(context);
    if (!this.fingerprint) return;
    const agent = context.getAgent() as https.Agent | undefined;
    context.setAgent(new PinnedHttpsAgent({ ...(agent?.options ?? {}) }, this.fingerprint));
  }

  override async applyToHTTPSOptions(
    opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0],
  ): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    if (!this.fingerprint) return;
    const o = opts as https.RequestOptions;
    const agent = o.agent as https.Agent | undefined;
    o.agent = new PinnedHttpsAgent({ ...(agent?.options ?? {}) }, this.fingerprint);
  }
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function bad(path: string, message: string): never {
  throw validationFailed([{ path: `properties.${path}`, message }]);
}

/** Refuses kubeconfig features that would make the server read local files or run programs. */
function checkUploadedUser(user: User | null, cluster: Cluster | null): void {
  if (!cluster)
    bad('kubeconfig', 'the chosen context names a cluster the kubeconfig does not define');
  if (!user) bad('kubeconfig', 'the chosen context names a user the kubeconfig does not define');
  if (user.exec)
    bad(
      'kubeconfig',
      'exec credential plugins are not supported; use a token or a client certificate',
    );
  if (user.authProvider)
    bad(
      'kubeconfig',
      'auth-provider plugins are not supported; use a token or a client certificate',
    );
  if (user.certFile || user.keyFile || cluster.caFile) {
    bad(
      'kubeconfig',
      'file paths (client-certificate, client-key, certificate-authority) are not supported; embed the data (…-data fields)',
    );
  }
  if (cluster.proxyUrl) bad('kubeconfig', 'proxy-url is not supported');
  if (cluster.skipTLSVerify)
    bad(
      'kubeconfig',
      'insecure-skip-tls-verify is not allowed; accept the certificate or give a CA',
    );
}

/** Context names of a kubeconfig text (for the context picker), or a clear error. */
export function kubeconfigContexts(text: string): string[] {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    bad('kubeconfig', `the kubeconfig does not parse: ${(err as Error).message}`);
  }
  return kc.getContexts().map((c) => c.name);
}

/**
 * Builds a KubeConfig (one context, "slipway") from a Kubernetes endpoint's properties: API
 * server URL plus token, client certificate, or an uploaded kubeconfig and its context; the CA
 * certificate or pinned fingerprint; the default namespace. Throws a 422 AppError that names the
 * property when something is missing or unusable.
 */
export function buildKubeConfig(cfg: KubernetesConfig): PinnedKubeConfig {
  const kc = new PinnedKubeConfig(cfg.fingerprint ?? null);
  let server = cfg.url;
  let user: User;
  let caData: string | undefined = cfg.caCert ? b64(cfg.caCert) : undefined;
  let tlsServerName: string | undefined;
  if (cfg.authType === 'TOKEN') {
    if (!cfg.token) bad('token', 'a bearer token is required');
    user = { name: 'slipway', token: cfg.token };
  } else if (cfg.authType === 'CERTIFICATE') {
    if (!cfg.clientCert) bad('clientCert', 'a client certificate is required');
    if (!cfg.clientKey) bad('clientKey', 'a client key is required');
    user = { name: 'slipway', certData: b64(cfg.clientCert), keyData: b64(cfg.clientKey) };
  } else {
    if (!cfg.kubeconfig) bad('kubeconfig', 'a kubeconfig is required');
    const src = new KubeConfig();
    try {
      src.loadFromString(cfg.kubeconfig);
    } catch (err) {
      bad('kubeconfig', `the kubeconfig does not parse: ${(err as Error).message}`);
    }
    const names = src.getContexts().map((c) => c.name);
    const ctxName = cfg.context || src.getCurrentContext();
    if (!ctxName)
      bad('context', `choose a context (the kubeconfig has: ${names.join(', ') || 'none'})`);
    const context = src.getContextObject(ctxName);
    if (!context) {
      bad(
        'context',
        `the kubeconfig has no context "${ctxName}" (it has: ${names.join(', ') || 'none'})`,
      );
    }
    const cluster = src.getCluster(context.cluster);
    const u = src.getUser(context.user);
    checkUploadedUser(u, cluster);
    user = { ...u!, name: 'slipway' };
    server = cfg.url || cluster!.server;
    caData ??= cluster!.caData;
    tlsServerName = cluster!.tlsServerName;
  }
  if (!server) bad('url', 'the API server URL is required');
  if (!/^https?:\/\//.test(server)) bad('url', 'the API server URL must start with https://');
  if (server.startsWith('http:')) bad('url', 'the API server must be reached over https://');
  const cluster: Cluster = {
    name: 'slipway',
    server: server.replace(/\/+$/, ''),
    skipTLSVerify: false,
    ...(caData && !cfg.fingerprint ? { caData } : {}),
    ...(tlsServerName ? { tlsServerName } : {}),
  };
  kc.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: 'slipway', cluster: 'slipway', user: 'slipway', namespace: cfg.namespace }],
    currentContext: 'slipway',
  });
  return kc;
}

/** The default namespace of a KubeConfig built here. */
export function defaultNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
}

/**
 * The KubeConfig for a Kubernetes endpoint, given the endpoint (with secrets) or its id.
 * Server-side only; access checks are the caller's (the endpoint came from its own project).
 */
export async function kubeConfigForEndpoint(
  endpoint: EndpointWithSecrets | string,
  db?: DbOrTx,
): Promise<PinnedKubeConfig> {
  let e = endpoint;
  if (typeof e === 'string') {
    const { loadEndpointById } = await import('../services/endpoints/secrets');
    e = await loadEndpointById(db ?? (await getDb()), e);
  }
  if (e.type !== 'KUBERNETES') {
    throw validationFailed([
      { path: 'endpoint', message: `"${e.name}" is a ${e.type} endpoint, not a Kubernetes one` },
    ]);
  }
  return buildKubeConfig(e.properties);
}
