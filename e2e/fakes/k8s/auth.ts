import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * Authentication (bearer tokens, client certificates) and RBAC-like authorization for the fake API
 * server. A rule grants verbs on resources (plural names, `*` for all), optionally only in some
 * namespaces. An identity without `rules` may do everything (like cluster-admin).
 */
export interface PolicyRule {
  verbs: string[];
  resources: string[];
  namespaces?: string[];
}

export interface Identity {
  user: string;
  groups?: string[];
  rules?: PolicyRule[];
}

export type AuthResult = { ok: true; identity: Identity } | { ok: false; anonymous: boolean };

export interface AuthConfig {
  tokens: Record<string, Identity>;
  /** Rules per client-certificate user (CN); a CN not listed gets full access. */
  clientCertRules: Record<string, PolicyRule[]>;
}

export function authenticate(req: IncomingMessage, config: AuthConfig): AuthResult {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const identity = m ? config.tokens[m[1]!.trim()] : undefined;
    return identity ? { ok: true, identity } : { ok: false, anonymous: false };
  }
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate === 'function' && socket.authorized) {
    const cert = socket.getPeerCertificate();
    const cn = cert?.subject?.CN;
    if (typeof cn === 'string' && cn) {
      const org = cert.subject.O;
      const groups = Array.isArray(org) ? org : org ? [org] : [];
      return { ok: true, identity: { user: cn, groups, rules: config.clientCertRules[cn] } };
    }
  }
  return { ok: false, anonymous: true };
}

export function isAllowed(
  identity: Identity,
  verb: string,
  resource: string,
  namespace: string | undefined,
): boolean {
  if (!identity.rules) return true;
  return identity.rules.some(
    (r) =>
      (r.verbs.includes('*') || r.verbs.includes(verb)) &&
      (r.resources.includes('*') || r.resources.includes(resource)) &&
      (!r.namespaces || (namespace !== undefined && r.namespaces.includes(namespace))),
  );
}
