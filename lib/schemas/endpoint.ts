import { z } from 'zod';
import { ENDPOINT_TYPES } from '../db/schema/endpoints';

export const SERVER_TYPES = ['DOCKER_HUB', 'HARBOR', 'REGISTRY_V2'] as const;
export const K8S_AUTH_TYPES = ['TOKEN', 'CERTIFICATE', 'KUBECONFIG'] as const;
export const DOCKER_HUB_URL = 'https://hub.docker.com';

export const EndpointName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(63)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only');

export const HttpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/** SHA-256 of a certificate, as hex with or without colons; stored as AA:BB:… upper case. */
export const Fingerprint = z
  .string()
  .trim()
  .transform((s) => s.replace(/[:\s]/g, '').toUpperCase())
  .refine((s) => /^[0-9A-F]{64}$/.test(s), 'must be a SHA-256 fingerprint (64 hex digits)')
  .transform((s) => s.match(/../g)!.join(':'));

const Pem = (what: string) =>
  z
    .string()
    .max(64_000)
    .refine((s) => s.includes('-----BEGIN '), `must be a PEM ${what} (-----BEGIN …)`);

const Secret = z.string().min(1, 'must not be empty').max(64_000);

export const DockerRegistryProperties = z.object({
  serverType: z.enum(SERVER_TYPES),
  /** Registry URL; for DOCKER_HUB the Hub API base, https://hub.docker.com when left out. */
  url: HttpUrl.optional(),
  username: z.string().trim().max(256).optional(),
  /** Password or access token; write-only. */
  password: Secret.optional(),
  fingerprint: Fingerprint.nullish(),
});

export const KubernetesProperties = z.object({
  /** API server URL; for KUBECONFIG taken from the chosen context when left out. */
  url: HttpUrl.optional(),
  authType: z.enum(K8S_AUTH_TYPES),
  token: Secret.optional(),
  clientCert: Pem('certificate').optional(),
  clientKey: Pem('private key').optional(),
  kubeconfig: z.string().min(1).max(256_000).optional(),
  context: z.string().trim().max(253).optional(),
  caCert: Pem('certificate').nullish(),
  fingerprint: Fingerprint.nullish(),
  namespace: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace name')
    .max(63)
    .default('default'),
});

export type DockerRegistryPropertiesInput = z.infer<typeof DockerRegistryProperties>;
export type KubernetesPropertiesInput = z.infer<typeof KubernetesProperties>;

const common = { project: z.string().trim().min(1, 'must not be empty'), name: EndpointName };

export const CreateEndpointInput = z
  .discriminatedUnion('type', [
    z.object({
      ...common,
      type: z.literal('DOCKER_REGISTRY'),
      properties: DockerRegistryProperties,
    }),
    z.object({ ...common, type: z.literal('KUBERNETES'), properties: KubernetesProperties }),
  ])
  .meta({ id: 'CreateEndpointInput' });
export type CreateEndpointInputT = z.infer<typeof CreateEndpointInput>;

/** Properties are merged into the stored ones; a credential left out keeps its old value. */
export const UpdateEndpointInput = z
  .object({
    name: EndpointName.optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'UpdateEndpointInput' });
export type UpdateEndpointInputT = z.infer<typeof UpdateEndpointInput>;

export const EndpointValidationResult = z
  .object({ ok: z.boolean(), message: z.string(), at: z.string() })
  .meta({ id: 'EndpointValidation' });

export const Endpoint = z
  .object({
    id: z.uuid(),
    project: z.object({ id: z.uuid(), name: z.string() }),
    name: z.string(),
    type: z.enum(ENDPOINT_TYPES),
    /** Non-secret properties, plus `<credential>Set: true|false` for each credential. */
    properties: z.record(z.string(), z.unknown()),
    lastValidation: EndpointValidationResult.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Endpoint' });
export type EndpointDto = z.infer<typeof Endpoint>;

export const EndpointListQuery = z.object({
  project: z.string().optional(),
  type: z.enum(ENDPOINT_TYPES).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CertificateRequest = z.object({ url: HttpUrl }).meta({ id: 'CertificateRequest' });
export const CertificateInfo = z
  .object({
    subject: z.string(),
    issuer: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    fingerprintSha256: z.string(),
    trusted: z.boolean(),
    /** Why the system does not trust it (when trusted is false). */
    trustError: z.string().nullable(),
    selfSigned: z.boolean(),
    /** The leaf certificate, PEM. */
    pem: z.string(),
  })
  .meta({ id: 'CertificateInfo' });
export type CertificateInfoDto = z.infer<typeof CertificateInfo>;

export const ValidateResult = z
  .object({ ok: z.boolean(), message: z.string() })
  .meta({ id: 'ValidateResult' });
export type ValidateResultDto = z.infer<typeof ValidateResult>;
