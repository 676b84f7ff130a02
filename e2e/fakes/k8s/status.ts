import type { ResourceType } from './resources';
import { qualifiedResource } from './resources';

/** `metav1.Status` failure bodies exactly as kube-apiserver writes them. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function named(t: ResourceType, name?: string): string {
  return name ? `${qualifiedResource(t)} "${name}"` : qualifiedResource(t);
}

export const unauthorized = (): StatusError => new StatusError(401, 'Unauthorized', 'Unauthorized');

export const notFound = (t: ResourceType, name: string): StatusError =>
  new StatusError(404, 'NotFound', `${named(t, name)} not found`, {
    name,
    group: t.group,
    kind: t.plural,
  });

export const pathNotFound = (): StatusError =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export const alreadyExists = (t: ResourceType, name: string): StatusError =>
  new StatusError(409, 'AlreadyExists', `${named(t, name)} already exists`, {
    name,
    group: t.group,
    kind: t.plural,
  });

export const conflict = (t: ResourceType, name: string): StatusError =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${named(t, name)}: the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: t.group, kind: t.plural },
  );

export function forbidden(
  user: string,
  verb: string,
  t: ResourceType,
  namespace: string | undefined,
  name?: string,
): StatusError {
  const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  return new StatusError(
    403,
    'Forbidden',
    `${named(t, name)} is forbidden: User "${user}" cannot ${verb} resource "${t.plural}" in API group "${t.group}"${scope}`,
    { ...(name ? { name } : {}), group: t.group, kind: t.plural },
  );
}

export function invalid(t: ResourceType, name: string, causes: StatusCause[]): StatusError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new StatusError(
    422,
    'Invalid',
    `${t.kind}${t.group ? `.${t.group}` : ''} "${name}" is invalid: ${summary}`,
    {
      name,
      group: t.group,
      kind: t.kind,
      causes,
    },
  );
}

export const badRequest = (message: string): StatusError =>
  new StatusError(400, 'BadRequest', message);

export const methodNotAllowed = (): StatusError =>
  new StatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
  );

export const unsupportedMediaType = (type: string): StatusError =>
  new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${type})`,
  );
