import { ConnectionError, sendRequest, type HttpAnswer } from '../tls/request';
import type { TrustOptions } from '../tls/fingerprint';

export interface RegistryCredentials {
  username?: string | null;
  password?: string | null;
}

export type RegistryCheckKind =
  'OK' | 'WRONG_CREDENTIALS' | 'CREDENTIALS_NEEDED' | 'NOT_A_REGISTRY' | 'CONNECTION';

export interface RegistryCheck {
  ok: boolean;
  kind: RegistryCheckKind;
  message: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (quoted or token values). */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const p of m[2]!.matchAll(re)) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: m[1]!.toLowerCase(), params };
}

const basic = (c: RegistryCredentials) =>
  'Basic ' + Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64');

const hasCredentials = (c: RegistryCredentials) => !!(c.username || c.password);

function isRegistryAnswer(a: HttpAnswer): boolean {
  return (a.headers['docker-distribution-api-version'] ?? '').startsWith('registry/2');
}

/** The registry API root for a registry or repository URL: scheme + host + /v2/. */
export function registryApiRoot(url: string): string {
  return new URL('/v2/', url).toString();
}

/**
 * Bearer token flow: asks the challenge's realm for a token (with Basic credentials when given)
 * and returns it, or undefined when the token server refused the credentials.
 */
export async function fetchBearerToken(
  challenge: Challenge,
  creds: RegistryCredentials,
  trust: TrustOptions,
  scope?: string,
  registryUrl?: string,
): Promise<{ token?: string; status: number; body: string }> {
  const realm = challenge.params.realm;
  if (!realm) throw new Error('The registry asked for a Bearer token but named no realm');
  const u = new URL(realm);
  if (challenge.params.service) u.searchParams.set('service', challenge.params.service);
  const sc = scope ?? challenge.params.scope;
  if (sc) u.searchParams.set('scope', sc);
  // The token server is often another host: the endpoint's pinned certificate applies only to
  // the registry's own host.
  const sameHost = !!registryUrl && new URL(registryUrl).host === u.host;
  const answer = await sendRequest(u.toString(), {
    headers: hasCredentials(creds) ? { authorization: basic(creds) } : {},
    trust: sameHost ? trust : {},
  });
  const body = answer.json as { token?: unknown; access_token?: unknown } | undefined;
  const token =
    answer.status === 200
      ? typeof body?.token === 'string'
        ? body.token
        : typeof body?.access_token === 'string'
          ? body.access_token
          : undefined
      : undefined;
  return { token, status: answer.status, body: answer.text.slice(0, 300) };
}

/**
 * Checks a Docker Registry HTTP API V2 (distribution, Harbor, …): `GET /v2/` and its
 * `WWW-Authenticate` challenge, Basic or Bearer. Tells apart wrong credentials, a server that
 * is reachable but no registry, and a connection failure.
 */
export async function checkRegistryV2(
  url: string,
  creds: RegistryCredentials,
  trust: TrustOptions,
): Promise<RegistryCheck> {
  const root = registryApiRoot(url);
  try {
    const first = await sendRequest(root, { trust });
    if (first.status === 200) {
      if (!isRegistryAnswer(first)) return notRegistry(root, first);
      return {
        ok: true,
        kind: 'OK',
        message: `Registry at ${root} answers and needs no credentials`,
      };
    }
    const challenge = parseChallenge(first.headers['www-authenticate']);
    if (first.status !== 401 || !challenge) return notRegistry(root, first);
    if (!hasCredentials(creds)) {
      return {
        ok: false,
        kind: 'CREDENTIALS_NEEDED',
        message: `The registry at ${root} needs credentials (${challenge.scheme}); give a username and password or token`,
      };
    }
    if (challenge.scheme === 'basic') {
      const second = await sendRequest(root, { trust, headers: { authorization: basic(creds) } });
      if (second.status === 200) return signedIn(root, creds);
      if (second.status === 401 || second.status === 403) return wrongCredentials(root);
      return notRegistry(root, second);
    }
    if (challenge.scheme === 'bearer') {
      const t = await fetchBearerToken(challenge, creds, trust, undefined, root);
      if (!t.token) {
        if (t.status === 401 || t.status === 403) return wrongCredentials(root);
        return {
          ok: false,
          kind: 'NOT_A_REGISTRY',
          message: `The registry's token server (${challenge.params.realm}) answered ${t.status} without a token`,
        };
      }
      const second = await sendRequest(root, {
        trust,
        headers: { authorization: `Bearer ${t.token}` },
      });
      if (second.status === 200) return signedIn(root, creds);
      if (second.status === 401 || second.status === 403) return wrongCredentials(root);
      return notRegistry(root, second);
    }
    return {
      ok: false,
      kind: 'NOT_A_REGISTRY',
      message: `The registry at ${root} asks for an authentication scheme Slipway does not speak (${challenge.scheme})`,
    };
  } catch (err) {
    if (err instanceof ConnectionError)
      return { ok: false, kind: 'CONNECTION', message: err.message };
    throw err;
  }
}

function signedIn(root: string, creds: RegistryCredentials): RegistryCheck {
  return {
    ok: true,
    kind: 'OK',
    message: `Signed in to the registry at ${root} as ${creds.username || '(token)'}`,
  };
}

function wrongCredentials(root: string): RegistryCheck {
  return {
    ok: false,
    kind: 'WRONG_CREDENTIALS',
    message: `The registry at ${root} refused the username and password (wrong credentials)`,
  };
}

function notRegistry(root: string, a: HttpAnswer): RegistryCheck {
  return {
    ok: false,
    kind: 'NOT_A_REGISTRY',
    message: `${root} is reachable but is not a Docker registry API: GET /v2/ answered ${a.status}${
      isRegistryAnswer(a) ? '' : ' without a Docker-Distribution-API-Version header'
    }. Check the URL`,
  };
}
