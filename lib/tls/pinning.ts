import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { Agent as UndiciAgent, buildConnector, type Dispatcher } from 'undici';
import { assertPinned, type TrustOptions } from './fingerprint';

export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * An https.Agent that talks to a server only while it presents exactly the pinned certificate.
 * The chain is not checked against any CA (the user accepted this certificate), but the request
 * is written only after the handshake finished and the fingerprint matched.
 */
export class PinnedHttpsAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly fingerprint: string,
  ) {
    super({ ...options, rejectUnauthorized: false });
  }

  override createConnection(
    options: net.NetConnectOpts,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex {
    const o = options as tls.ConnectionOptions & { host?: string };
    const host = o.host ?? 'localhost';
    const socket = tls.connect({
      ...o,
      servername: o.servername ?? (net.isIP(host) ? undefined : host),
      rejectUnauthorized: false,
    });
    const onError = (err: Error) => callback?.(err, socket);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.removeListener('error', onError);
      try {
        assertPinned(host, this.fingerprint, socket.getPeerCertificate().raw);
        callback?.(null, socket);
      } catch (err) {
        socket.destroy();
        callback?.(err as Error, socket);
      }
    });
    // Returning nothing tells http.Agent to wait for the callback.
    return undefined as unknown as Duplex;
  }
}

/** https.Agent options for a trust setting: pinned fingerprint, a CA, or the system's CAs. */
export function httpsAgentFor(trust: TrustOptions, extra: https.AgentOptions = {}): https.Agent {
  if (trust.fingerprint) return new PinnedHttpsAgent(extra, trust.fingerprint);
  return new https.Agent({ ...extra, ...(trust.caCert ? { ca: trust.caCert } : {}) });
}

/** An undici dispatcher (for `request`/`fetch`) with the same trust rules, ~10 s timeouts. */
export function dispatcherFor(trust: TrustOptions, timeoutMs = CONNECT_TIMEOUT_MS): Dispatcher {
  const fingerprint = trust.fingerprint;
  const base = buildConnector({
    timeout: timeoutMs,
    ...(fingerprint ? { rejectUnauthorized: false } : trust.caCert ? { ca: trust.caCert } : {}),
  });
  const connect: buildConnector.connector = fingerprint
    ? (opts, cb) =>
        base(opts, (err, socket) => {
          if (err || !socket) return cb(err ?? new Error('no socket'), null);
          if (opts.protocol !== 'https:') return cb(null, socket);
          try {
            assertPinned(
              opts.hostname,
              fingerprint,
              (socket as tls.TLSSocket).getPeerCertificate().raw,
            );
            cb(null, socket);
          } catch (e) {
            socket.destroy();
            cb(e as Error, null);
          }
        })
    : base;
  return new UndiciAgent({
    connect,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 4,
  });
}
