import type { DockerRegistryConfig } from '../services/endpoints/types';
import { podSpecOf, type K8sObject } from './manifests';

/**
 * `imagePullSecretFrom`: a kubernetes.io/dockerconfigjson Secret built from a Docker registry
 * endpoint's credentials, and the reference to it added to every pod template.
 */
export function pullSecretName(endpointName: string): string {
  const slug = endpointName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `slipway-pull-${slug || 'registry'}`;
}

/** The registry host Docker clients look up in `auths` (Docker Hub keeps its historical key). */
export function registryServer(cfg: DockerRegistryConfig): string {
  if (cfg.serverType === 'DOCKER_HUB') return 'https://index.docker.io/v1/';
  try {
    return new URL(cfg.url).host;
  } catch {
    return cfg.url.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  }
}

export function dockerConfigJson(cfg: DockerRegistryConfig): string {
  const username = cfg.username ?? '';
  const password = cfg.password ?? '';
  return JSON.stringify({
    auths: {
      [registryServer(cfg)]: {
        username,
        password,
        auth: Buffer.from(`${username}:${password}`).toString('base64'),
      },
    },
  });
}

export function pullSecretObject(
  name: string,
  namespace: string,
  cfg: DockerRegistryConfig,
): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'slipway' } },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(dockerConfigJson(cfg)).toString('base64') },
  };
}

/** Adds `{name}` to the pod template's imagePullSecrets (once); returns whether the object has a pod template. */
export function addImagePullSecret(o: K8sObject, name: string): boolean {
  const podSpec = podSpecOf(o);
  if (!podSpec) return false;
  const list = Array.isArray(podSpec.imagePullSecrets)
    ? (podSpec.imagePullSecrets as { name?: string }[])
    : [];
  if (!list.some((s) => s.name === name)) list.push({ name });
  podSpec.imagePullSecrets = list;
  return true;
}
