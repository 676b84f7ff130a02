import { z } from 'zod';
import { validationFailed } from '../../api/errors';
import { zodIssues } from '../../api/handler';
import type { EndpointType } from '../../db/schema/endpoints';
import { buildKubeConfig } from '../../k8s/kubeconfig';
import {
  DOCKER_HUB_URL,
  DockerRegistryProperties,
  KubernetesProperties,
} from '../../schemas/endpoint';
import { SECRET_KEYS, type DockerRegistryConfig, type KubernetesConfig } from './types';

export interface SplitProperties {
  /** What may be shown: stored in plain JSON. */
  shown: Record<string, unknown>;
  /** Credentials: stored encrypted. */
  secret: Record<string, string>;
  /** Everything, for checks that need the credentials (trust, kubeconfig parsing). */
  config: DockerRegistryConfig | KubernetesConfig;
}

const K8S_SECRETS_BY_AUTH = {
  TOKEN: ['token'],
  CERTIFICATE: ['clientCert', 'clientKey'],
  KUBECONFIG: ['kubeconfig'],
} as const;

function issues(err: z.ZodError) {
  return zodIssues(err).map((i) => ({ ...i, path: `properties.${i.path}` }));
}

function requireFields(
  cfg: Record<string, unknown>,
  fields: string[],
  message: (f: string) => string,
) {
  const missing = fields.filter((f) => !cfg[f]);
  if (missing.length) {
    throw validationFailed(missing.map((f) => ({ path: `properties.${f}`, message: message(f) })));
  }
}

/**
 * Checks an endpoint's complete properties (stored ones merged with the request's) and splits
 * them into shown and secret parts. Every problem is a 422 naming the property.
 */
export function normalizeProperties(
  type: EndpointType,
  raw: Record<string, unknown>,
): SplitProperties {
  // A client may echo back `passwordSet` & co.; they are answers, not inputs.
  const input = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.endsWith('Set')));
  if (type === 'DOCKER_REGISTRY') {
    if (input.serverType === 'DOCKER_HUB' && !input.url) input.url = DOCKER_HUB_URL;
    const r = DockerRegistryProperties.safeParse(input);
    if (!r.success) throw validationFailed(issues(r.error));
    const cfg = r.data;
    if (!cfg.url) requireFields(cfg, ['url'], () => 'the registry URL is required');
    const url = (cfg.url ?? DOCKER_HUB_URL).replace(/\/+$/, '');
    if (cfg.serverType === 'DOCKER_HUB') {
      requireFields(cfg, ['username', 'password'], (f) =>
        f === 'username'
          ? 'Docker Hub needs a username'
          : 'Docker Hub needs a password or access token',
      );
    } else if (!!cfg.username !== !!cfg.password) {
      requireFields(cfg, ['username', 'password'], (f) => `give the ${f} too, or neither`);
    }
    const { password, ...shown } = cfg;
    return {
      shown: { ...shown, url, fingerprint: cfg.fingerprint ?? null },
      secret: password ? { password } : {},
      config: { ...cfg, url },
    };
  }
  const r = KubernetesProperties.safeParse(input);
  if (!r.success) throw validationFailed(issues(r.error));
  const cfg: KubernetesConfig = { ...r.data };
  const wanted: readonly string[] = K8S_SECRETS_BY_AUTH[cfg.authType];
  // Credentials of another auth type are dropped, not kept around.
  for (const k of SECRET_KEYS.KUBERNETES) if (!wanted.includes(k)) delete cfg[k];
  requireFields(
    cfg as unknown as Record<string, unknown>,
    [...wanted],
    (f) => `${f} is required for ${cfg.authType} authentication`,
  );
  const kc = buildKubeConfig(cfg); // throws 422 for a kubeconfig that does not parse, lacks the context, …
  const cluster = kc.getCurrentCluster();
  cfg.url = cluster?.server ?? cfg.url;
  const secret: Record<string, string> = {};
  const shown: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if ((SECRET_KEYS.KUBERNETES as readonly string[]).includes(k)) {
      if (typeof v === 'string') secret[k] = v;
    } else shown[k] = v ?? null;
  }
  // The CA embedded in an uploaded kubeconfig counts for the trust check.
  const embeddedCa = cluster?.caData
    ? Buffer.from(cluster.caData, 'base64').toString('utf8')
    : undefined;
  return { shown, secret, config: { ...cfg, caCert: cfg.caCert ?? embeddedCa ?? null } };
}

/** The properties as the API shows them: shown ones plus `<credential>Set` flags. */
export function presentProperties(
  type: EndpointType,
  shown: Record<string, unknown>,
  secretKeys: string[],
): Record<string, unknown> {
  const flags = Object.fromEntries(
    SECRET_KEYS[type].map((k) => [`${k}Set`, secretKeys.includes(k)]),
  );
  return { ...shown, ...flags };
}
