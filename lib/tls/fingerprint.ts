import crypto from 'node:crypto';

/** How Slipway decides whether to trust a server: the system's CAs, a given CA, or one pinned certificate. */
export interface TrustOptions {
  /** SHA-256 of the one certificate accepted, as AA:BB:…; when set, nothing else is trusted. */
  fingerprint?: string | null;
  /** PEM CA certificate(s) to trust instead of the system's. */
  caCert?: string | null;
}

/** "aa bb:cc…" → "AA:BB:CC…" (Node's `fingerprint256` format). */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

/** SHA-256 fingerprint of a DER certificate, in the stored format. */
export function fingerprintOfDer(der: Buffer): string {
  return normalizeFingerprint(crypto.createHash('sha256').update(der).digest('hex'));
}

/** Raised when a pinned server presents a different certificate than the one accepted. */
export class CertificateChangedError extends Error {
  readonly code = 'CERT_CHANGED';
  constructor(
    readonly host: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `The server's certificate changed: ${host} now presents a certificate with SHA-256 ` +
        `fingerprint ${actual}, but the accepted one is ${expected}. If the change is expected, ` +
        'fetch the certificate again and accept it.',
    );
    this.name = 'CertificateChangedError';
  }
}

/** Throws CertificateChangedError unless the DER certificate matches the pinned fingerprint. */
export function assertPinned(host: string, expected: string, der: Buffer | undefined): void {
  const want = normalizeFingerprint(expected);
  const got = der ? fingerprintOfDer(der) : '(none)';
  if (got !== want) throw new CertificateChangedError(host, want, got);
}
