import { ApiException } from '@kubernetes/client-node';
import { classifyConnectionError, describeConnectionError } from '../tls/errors';
import { UnknownKindError } from './client';

/**
 * Turns what @kubernetes/client-node throws (ApiException with a Status body, discovery misses,
 * network and TLS failures) into one sentence about the object and the cluster.
 */
interface StatusBody {
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: { field?: string; message?: string }[] };
}

export function statusBody(err: unknown): StatusBody | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const body: unknown = (err as ApiException<unknown>).body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return body && typeof body === 'object' ? (body as StatusBody) : undefined;
}

export function statusCode(err: unknown): number | undefined {
  return err instanceof ApiException ? (err as ApiException<unknown>).code : undefined;
}

export function statusReason(err: unknown): string | undefined {
  return statusBody(err)?.reason;
}

/** `ref` names the object ("Deployment shop/web"), `verb` what was attempted ("apply"). */
export function describeK8sError(
  err: unknown,
  ctx: { server: string; ref?: string; verb?: string },
): string {
  const about = ctx.ref ? `${ctx.verb ?? 'send'} ${ctx.ref}` : (ctx.verb ?? 'talk to the cluster');
  if (err instanceof UnknownKindError) {
    return `Cannot ${about}: ${err.message} (is the apiVersion right, or is a CRD missing?)`;
  }
  if (err instanceof ApiException) {
    const code = (err as ApiException<unknown>).code;
    const s = statusBody(err);
    const msg = s?.message ?? '';
    if (code === 401) {
      return `Cannot ${about}: the cluster refused the endpoint's credentials (401 Unauthorized)${msg && msg !== 'Unauthorized' ? `: ${msg}` : ''}. Check the token or client certificate`;
    }
    if (code === 403) {
      return `Cannot ${about}: permission missing (403 Forbidden): ${msg || 'forbidden'}. Grant that permission to the endpoint's user (Role/ClusterRole)`;
    }
    if (code === 422) {
      const causes = (s?.details?.causes ?? []).map((c) =>
        `${c.field ?? ''}: ${c.message ?? ''}`.replace(/^: /, ''),
      );
      return `Cannot ${about}: the cluster rejected it as invalid (422): ${causes.length ? causes.join('; ') : msg}`;
    }
    if (code === 404 && /Failed to fetch resource metadata/.test(err.message)) {
      return `Cannot ${about}: the cluster does not serve that apiVersion (404 from discovery). Is the apiVersion right, or is a CRD missing?`;
    }
    return `Cannot ${about}: the cluster answered ${code}${s?.reason ? ` ${s.reason}` : ''}${msg ? `: ${msg}` : ''}`;
  }
  const { kind } = classifyConnectionError(err);
  if (kind === 'OTHER' && err instanceof Error && !/fetch|socket|connect/i.test(err.message)) {
    return `Cannot ${about}: ${err.message}`;
  }
  const net = describeConnectionError(err, ctx.server).replace(/^.*?reason: /, '');
  const hint =
    kind === 'CERT_CHANGED' || kind === 'TLS_UNTRUSTED'
      ? ' (has the cluster changed certificate? Validate the endpoint again)'
      : '';
  return `Cannot ${about}: the cluster at ${ctx.server} is not reachable: ${net}${hint}`;
}

/** A failure the task reports as its message (FAILED), not a crash. */
export class TaskFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskFailure';
  }
}

export function fail(message: string): never {
  throw new TaskFailure(message);
}
