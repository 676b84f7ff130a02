import tls from 'node:tls';
import net from 'node:net';
import type { CertificateInfoDto } from '../schemas/endpoint';
import { fingerprintOfDer } from './fingerprint';
import { describeConnectionError } from './errors';

export interface FetchedCertificate extends CertificateInfoDto {
  /** The leaf certificate in PEM form. */
  pem: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

function dn(obj: Record<string, string | string[] | undefined> | undefined): string {
  if (!obj) return '';
  return Object.entries(obj)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : (v ?? '')}`)
    .join(', ');
}

function toPem(der: Buffer): string {
  const b64 =
    der
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** host and port of an https URL (default port 443). */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 };
}

/**
 * Opens a TLS connection to the URL's host and reports the certificate it presents and whether
 * the system's CAs trust it (chain and host name). Sends nothing beyond the handshake.
 */
export function fetchCertificate(
  url: string,
  opts: { timeoutMs?: number; caCert?: string | null } = {},
): Promise<FetchedCertificate> {
  const { host, port } = hostPort(url);
  if (new URL(url).protocol !== 'https:') {
    return Promise.reject(new Error('Only https:// URLs have a certificate'));
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ...(opts.caCert ? { ca: opts.caCert } : {}),
      timeout: timeoutMs,
    });
    const fail = (err: unknown) => {
      socket.destroy();
      reject(new Error(describeConnectionError(err, url)));
    };
    socket.once('timeout', () => fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      if (!cert || !cert.raw) {
        fail(new Error('The server presented no certificate'));
        return;
      }
      let trustError: string | null = null;
      if (!socket.authorized) trustError = String(socket.authorizationError ?? 'not trusted');
      else {
        const idErr = tls.checkServerIdentity(host, cert);
        if (idErr) trustError = idErr.message;
      }
      const subject = dn(cert.subject as unknown as Record<string, string>);
      const issuer = dn(cert.issuer as unknown as Record<string, string>);
      socket.end();
      resolve({
        subject,
        issuer,
        validFrom: new Date(cert.valid_from).toISOString(),
        validTo: new Date(cert.valid_to).toISOString(),
        fingerprintSha256: fingerprintOfDer(cert.raw),
        trusted: trustError === null,
        trustError,
        selfSigned: subject === issuer,
        pem: toPem(cert.raw),
      });
    });
  });
}
