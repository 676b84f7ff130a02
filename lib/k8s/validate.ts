import {
  ApiException,
  AuthorizationV1Api,
  VersionApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import { AppError } from '../api/errors';
import { describeConnectionError } from '../tls/errors';
import type { KubernetesConfig } from '../services/endpoints/types';
import { buildKubeConfig, defaultNamespace } from './kubeconfig';

export const K8S_TIMEOUT_MS = 10_000;

export interface KubernetesCheck {
  ok: boolean;
  message: string;
  version?: string;
  allowed?: boolean;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function apiMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return apiMessage(JSON.parse(body) as unknown);
    } catch {
      return body.slice(0, 200);
    }
  }
  const m = (body as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' ? m : '';
}

/** An ApiException from the cluster, as a sentence. */
function describeApiError(err: ApiException<unknown>, what: string): string {
  const detail = apiMessage(err.body);
  if (err.code === 401) {
    return `The cluster refused the credentials (401 Unauthorized)${detail ? `: ${detail}` : ''}`;
  }
  if (err.code === 403) return `The cluster forbids ${what} (403)${detail ? `: ${detail}` : ''}`;
  if (err.code === 404)
    return `The URL answered 404 to ${what}: it does not look like a Kubernetes API server`;
  return `The cluster answered ${err.code} to ${what}${detail ? `: ${detail}` : ''}`;
}

function cleanNetworkMessage(err: unknown, url: string): string {
  const msg = describeConnectionError(err, url);
  // node-fetch prefixes "request to … failed, reason: "; keep the reason.
  return msg.replace(/^.*?reason: /, '');
}

/**
 * Checks a Kubernetes endpoint against the real cluster: `/version` (reachable, TLS trusted,
 * who it is), then a SelfSubjectAccessReview "create deployments.apps in <namespace>".
 */
export async function checkKubernetes(
  cfg: KubernetesConfig,
  timeoutMs = K8S_TIMEOUT_MS,
): Promise<KubernetesCheck> {
  let kc: KubeConfig;
  try {
    kc = buildKubeConfig(cfg);
  } catch (err) {
    if (err instanceof AppError)
      return { ok: false, message: err.message.replace(/^properties\./, '') };
    throw err;
  }
  const server = kc.getCurrentCluster()?.server ?? cfg.url ?? '';
  const namespace = defaultNamespace(kc);
  let version: string;
  try {
    const v = await withTimeout(kc.makeApiClient(VersionApi).getCode(), timeoutMs);
    version = v.gitVersion;
  } catch (err) {
    if (err instanceof ApiException) {
      return { ok: false, message: describeApiError(err as ApiException<unknown>, 'GET /version') };
    }
    return { ok: false, message: cleanNetworkMessage(err, server) };
  }
  try {
    const review = await withTimeout(
      kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace,
              verb: 'create',
              group: 'apps',
              resource: 'deployments',
            },
          },
        },
      }),
      timeoutMs,
    );
    const allowed = review.status?.allowed === true;
    const reason = review.status?.reason ? ` (${review.status.reason})` : '';
    return allowed
      ? {
          ok: true,
          version,
          allowed,
          message: `Connected to Kubernetes ${version}; these credentials may create Deployments in namespace "${namespace}"`,
        }
      : {
          ok: false,
          version,
          allowed,
          message: `Connected to Kubernetes ${version}, but these credentials may not create Deployments in namespace "${namespace}"${reason}`,
        };
  } catch (err) {
    if (err instanceof ApiException) {
      return {
        ok: false,
        version,
        message: `Connected to Kubernetes ${version}, but the access check failed: ${describeApiError(
          err as ApiException<unknown>,
          'a SelfSubjectAccessReview',
        )}`,
      };
    }
    return { ok: false, version, message: cleanNetworkMessage(err, server) };
  }
}
