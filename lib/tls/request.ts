import { request } from 'undici';
import { logger } from '../log';
import { classifyConnectionError, describeConnectionError, type ConnectionFailure } from './errors';
import type { TrustOptions } from './fingerprint';
import { CONNECT_TIMEOUT_MS, dispatcherFor } from './pinning';

/** A failure to talk to the server at all (as opposed to an HTTP answer). */
export class ConnectionError extends Error {
  constructor(
    message: string,
    readonly kind: ConnectionFailure,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

const MAX_BODY = 1024 * 1024;

/**
 * One HTTP request to an outside server with the endpoint's trust rules (system CAs, a CA, or a
 * pinned fingerprint), a bounded time (~10 s) and a bounded body. Network and TLS failures are
 * thrown as ConnectionError with a message for the user.
 */
export async function sendRequest(
  url: string,
  opts: {
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    trust?: TrustOptions;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  const timeoutMs = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const dispatcher = dispatcherFor(opts.trust ?? {}, timeoutMs);
  try {
    const res = await request(url, {
      method: opts.method ?? 'GET',
      headers: { 'user-agent': 'Slipway', ...opts.headers },
      body: opts.body,
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
      maxRedirections: 0,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) break;
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    return { status: res.statusCode, headers, text, json };
  } catch (err) {
    const { kind } = classifyConnectionError(err);
    throw new ConnectionError(
      describeConnectionError(err, url, Math.round(timeoutMs / 1000)),
      kind,
    );
  } finally {
    void dispatcher
      .close()
      .catch((err: unknown) => logger.debug({ err }, 'closing an HTTP dispatcher failed'));
  }
}
