import { DOCKER_HUB_URL } from '../schemas/endpoint';
import type { TrustOptions } from '../tls/fingerprint';
import { ConnectionError, sendRequest, type HttpAnswer } from '../tls/request';

export interface HubCredentials {
  username?: string | null;
  /** Password or personal access token. */
  password?: string | null;
}

/** Why a Docker Hub sign-in failed: wrong credentials, the Hub could not be reached, or other. */
export class HubSignInError extends Error {
  constructor(
    message: string,
    readonly kind: 'WRONG_CREDENTIALS' | 'CREDENTIALS_NEEDED' | 'CONNECTION' | 'UNEXPECTED',
  ) {
    super(message);
    this.name = 'HubSignInError';
  }
}

/** The Hub API base for an endpoint URL (its origin; `https://hub.docker.com` by default). */
export function hubApiBase(url: string | undefined | null): string {
  return new URL(url || DOCKER_HUB_URL).origin;
}

function hubMessage(a: HttpAnswer): string {
  const b = a.json as { detail?: unknown; message?: unknown } | undefined;
  const m =
    typeof b?.detail === 'string' ? b.detail : typeof b?.message === 'string' ? b.message : '';
  return m ? `${a.status}: ${m}` : String(a.status);
}

/**
 * Signs in to the Docker Hub API at the endpoint's URL and returns a bearer token for Hub API
 * calls (webhooks, repositories): `POST /v2/auth/token {identifier, secret}` first, then the older
 * `POST /v2/users/login {username, password}`.
 */
export async function dockerHubBearerToken(
  url: string | undefined | null,
  creds: HubCredentials,
  trust: TrustOptions = {},
): Promise<string> {
  if (!creds.username || !creds.password) {
    throw new HubSignInError(
      'Docker Hub needs a username and a password or personal access token',
      'CREDENTIALS_NEEDED',
    );
  }
  const base = hubApiBase(url);
  const post = (path: string, body: unknown) =>
    sendRequest(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      trust,
    });
  try {
    const first = await post('/v2/auth/token', {
      identifier: creds.username,
      secret: creds.password,
    });
    const at = (first.json as { access_token?: unknown } | undefined)?.access_token;
    if (first.status === 200 && typeof at === 'string') return at;

    const second = await post('/v2/users/login', {
      username: creds.username,
      password: creds.password,
    });
    const token = (second.json as { token?: unknown } | undefined)?.token;
    if (second.status === 200 && typeof token === 'string') return token;

    if ([401, 403].includes(first.status) || [401, 403].includes(second.status)) {
      throw new HubSignInError(
        `Docker Hub at ${base} refused the username and password or access token (${hubMessage(
          second.status === 401 || second.status === 403 ? second : first,
        )})`,
        'WRONG_CREDENTIALS',
      );
    }
    throw new HubSignInError(
      `${base} does not answer like the Docker Hub API: /v2/auth/token answered ${hubMessage(
        first,
      )}, /v2/users/login answered ${hubMessage(second)}. Check the URL`,
      'UNEXPECTED',
    );
  } catch (err) {
    if (err instanceof ConnectionError) throw new HubSignInError(err.message, 'CONNECTION');
    throw err;
  }
}
