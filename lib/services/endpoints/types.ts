import type { EndpointValidation } from '../../db/schema/endpoints';

export interface DockerRegistryConfig {
  serverType: 'DOCKER_HUB' | 'HARBOR' | 'REGISTRY_V2';
  url: string;
  username?: string;
  password?: string;
  fingerprint?: string | null;
}

export interface KubernetesConfig {
  url?: string;
  authType: 'TOKEN' | 'CERTIFICATE' | 'KUBECONFIG';
  token?: string;
  clientCert?: string;
  clientKey?: string;
  kubeconfig?: string;
  context?: string;
  caCert?: string | null;
  fingerprint?: string | null;
  namespace: string;
}

/** Credential property names per type: stored encrypted, answered only as `<name>Set`. */
export const SECRET_KEYS = {
  DOCKER_REGISTRY: ['password'],
  KUBERNETES: ['token', 'clientCert', 'clientKey', 'kubeconfig'],
} as const;

interface Base {
  id: string;
  projectId: string;
  name: string;
  lastValidation: EndpointValidation | null;
}

/**
 * An endpoint with its credentials decrypted. Server-side only (task handlers, webhook sync):
 * never put it in an API answer or a log line.
 */
export type EndpointWithSecrets =
  | (Base & { type: 'DOCKER_REGISTRY'; properties: DockerRegistryConfig })
  | (Base & { type: 'KUBERNETES'; properties: KubernetesConfig });
