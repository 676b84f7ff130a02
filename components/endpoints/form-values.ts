import type { EndpointDto } from '@/lib/schemas/endpoint';

/** The flat state of the endpoint form; turned into the API's `{type, properties}` on save. */
export interface EndpointFormValues {
  project: string;
  type: 'DOCKER_REGISTRY' | 'KUBERNETES';
  name: string;
  serverType: 'DOCKER_HUB' | 'HARBOR' | 'REGISTRY_V2';
  url: string;
  username: string;
  password: string;
  authType: 'TOKEN' | 'CERTIFICATE' | 'KUBECONFIG';
  token: string;
  clientCert: string;
  clientKey: string;
  kubeconfig: string;
  context: string;
  caCert: string;
  fingerprint: string;
  namespace: string;
}

/** API property paths that the form shows as fields of the same name. */
export const FORM_FIELDS = [
  'name',
  'project',
  'serverType',
  'url',
  'username',
  'password',
  'authType',
  'token',
  'clientCert',
  'clientKey',
  'kubeconfig',
  'context',
  'caCert',
  'fingerprint',
  'namespace',
] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function initialValues(projectId: string, e?: EndpointDto): EndpointFormValues {
  const p = e?.properties ?? {};
  return {
    project: e?.project.id ?? projectId,
    type: e?.type ?? 'DOCKER_REGISTRY',
    name: e?.name ?? '',
    // Docker Hub first, as the product is.
    serverType: (str(p.serverType) || 'DOCKER_HUB') as EndpointFormValues['serverType'],
    url: str(p.url),
    username: str(p.username),
    password: '',
    authType: (str(p.authType) || 'TOKEN') as EndpointFormValues['authType'],
    token: '',
    clientCert: '',
    clientKey: '',
    kubeconfig: '',
    context: str(p.context),
    caCert: str(p.caCert),
    fingerprint: str(p.fingerprint),
    namespace: str(p.namespace) || 'default',
  };
}

/** Only filled credentials are sent: an empty one keeps the stored value. */
export function toProperties(v: EndpointFormValues): Record<string, unknown> {
  const opt = (s: string) => (s.trim() ? s : undefined);
  if (v.type === 'DOCKER_REGISTRY') {
    return {
      serverType: v.serverType,
      url: opt(v.url.trim()),
      username: v.username.trim(),
      password: opt(v.password),
      fingerprint: opt(v.fingerprint) ?? null,
    };
  }
  return {
    url: opt(v.url.trim()),
    authType: v.authType,
    token: v.authType === 'TOKEN' ? opt(v.token) : undefined,
    clientCert: v.authType === 'CERTIFICATE' ? opt(v.clientCert) : undefined,
    clientKey: v.authType === 'CERTIFICATE' ? opt(v.clientKey) : undefined,
    kubeconfig: v.authType === 'KUBECONFIG' ? opt(v.kubeconfig) : undefined,
    context: v.authType === 'KUBECONFIG' ? opt(v.context) : undefined,
    caCert: opt(v.caCert) ?? null,
    fingerprint: opt(v.fingerprint) ?? null,
    namespace: v.namespace.trim() || 'default',
  };
}

/** Maps a 422's `properties.url`-style paths onto form field names. */
export function fieldOf(path: string): (typeof FORM_FIELDS)[number] | undefined {
  const key = path.replace(/^properties\./, '');
  return (FORM_FIELDS as readonly string[]).includes(key)
    ? (key as (typeof FORM_FIELDS)[number])
    : undefined;
}
