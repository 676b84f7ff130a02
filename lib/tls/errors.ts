/**
 * Turns the many shapes of network and TLS failures (Node sockets, undici, node-fetch, aborts)
 * into one sentence a user can act on. Each kind of failure gets its own message.
 */

const TLS_TRUST_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it presents a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate is signed by an unknown CA',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate does not name this host',
  CERT_SIGNATURE_FAILURE: 'its certificate signature is invalid',
};

interface ErrLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The chain err, err.cause, … (and AggregateError members), bounded. */
function chain(err: unknown): ErrLike[] {
  const out: ErrLike[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 8) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    const x = e as ErrLike;
    out.push(x);
    if (x.cause) queue.push(x.cause);
    if (Array.isArray(x.errors)) queue.push(...(x.errors as unknown[]));
  }
  return out;
}

export type ConnectionFailure =
  | 'CERT_CHANGED'
  | 'DNS'
  | 'REFUSED'
  | 'TIMEOUT'
  | 'TLS_UNTRUSTED'
  | 'TLS'
  | 'RESET'
  | 'UNREACHABLE'
  | 'OTHER';

export function classifyConnectionError(err: unknown): { kind: ConnectionFailure; detail: string } {
  const errs = chain(err);
  for (const e of errs) {
    const code = typeof e.code === 'string' ? e.code : '';
    const name = typeof e.name === 'string' ? e.name : '';
    const msg = typeof e.message === 'string' ? e.message : '';
    if (code === 'CERT_CHANGED') return { kind: 'CERT_CHANGED', detail: msg };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
      return { kind: 'DNS', detail: code };
    if (code === 'ECONNREFUSED') return { kind: 'REFUSED', detail: code };
    if (
      [
        'ETIMEDOUT',
        'UND_ERR_CONNECT_TIMEOUT',
        'UND_ERR_HEADERS_TIMEOUT',
        'UND_ERR_BODY_TIMEOUT',
        'ESOCKETTIMEDOUT',
      ].includes(code) ||
      name === 'TimeoutError' ||
      name === 'AbortError' ||
      /timed? ?out/i.test(msg)
    )
      return { kind: 'TIMEOUT', detail: code || name };
    if (TLS_TRUST_CODES[code]) return { kind: 'TLS_UNTRUSTED', detail: TLS_TRUST_CODES[code] };
    if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS'))
      return { kind: 'TLS', detail: msg || code };
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
      return { kind: 'RESET', detail: code };
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN')
      return { kind: 'UNREACHABLE', detail: code };
  }
  const first = errs[errs.length - 1] ?? errs[0];
  return {
    kind: 'OTHER',
    detail: typeof first?.message === 'string' ? first.message : String(err),
  };
}

function where(url: string): string {
  try {
    const u = new URL(url);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return url;
  }
}

export function describeConnectionError(err: unknown, url: string, timeoutSeconds = 10): string {
  const { kind, detail } = classifyConnectionError(err);
  const at = where(url);
  switch (kind) {
    case 'CERT_CHANGED':
      return detail;
    case 'DNS':
      return `DNS lookup failed: the host name in ${at} does not resolve (${detail})`;
    case 'REFUSED':
      return `Connection refused by ${at}: nothing listens there`;
    case 'TIMEOUT':
      return `No answer from ${at} within ${timeoutSeconds} s (timed out)`;
    case 'TLS_UNTRUSTED':
      return `TLS failed: the system does not trust ${at} because ${detail}. Fetch its certificate and accept it, or give a CA certificate`;
    case 'TLS':
      return `TLS handshake with ${at} failed: ${detail}`;
    case 'RESET':
      return `The connection to ${at} was closed unexpectedly (${detail})`;
    case 'UNREACHABLE':
      return `${at} is unreachable from here (${detail})`;
    default:
      return `Could not connect to ${at}: ${detail}`;
  }
}
