'use client';

import { useMutation } from '@tanstack/react-query';
import { formatDate } from '@/components/ui/format';
import { apiFetch } from '@/lib/client/api';
import type { CertificateInfoDto } from '@/lib/schemas/endpoint';

/**
 * Fetches the certificate an https server presents and shows it. When the system does not trust
 * it, the user accepts it explicitly: its SHA-256 fingerprint becomes the endpoint's pin.
 */
export function CertificatePanel({
  url,
  fingerprint,
  onAccept,
  onClear,
  trustedOtherwise,
  onFetched,
}: {
  url: string;
  fingerprint: string;
  onAccept: (fingerprint: string) => void;
  onClear: () => void;
  /** A CA certificate is given, so no acceptance is needed. */
  trustedOtherwise: boolean;
  /** Tells the form what the server presented (so it can insist on acceptance). */
  onFetched: (cert: CertificateInfoDto | undefined) => void;
}) {
  const fetchCert = useMutation({
    mutationFn: () =>
      apiFetch<CertificateInfoDto>('/api/v1/endpoints/certificate', {
        method: 'POST',
        json: { url },
      }),
    onSuccess: (c) => onFetched(c),
    onError: () => onFetched(undefined),
  });
  const cert = fetchCert.data;
  const accepted = !!fingerprint && cert?.fingerprintSha256 === fingerprint;
  let https = false;
  try {
    https = new URL(url).protocol === 'https:';
  } catch {
    https = false;
  }
  if (!https) return null;

  return (
    <section className="card stack" aria-label="Server certificate">
      <div className="row">
        <strong className="grow">Server certificate</strong>
        <button type="button" onClick={() => fetchCert.mutate()} disabled={fetchCert.isPending}>
          {fetchCert.isPending ? 'Fetching…' : cert ? 'Fetch again' : 'Fetch certificate'}
        </button>
      </div>
      {fingerprint && !cert && (
        <p className="small">
          Accepted fingerprint: <span className="mono">{fingerprint}</span>{' '}
          <button type="button" className="link" onClick={onClear}>
            Forget it
          </button>
        </p>
      )}
      {fetchCert.error && (
        <div className="alert error" role="alert">
          {fetchCert.error.message}
        </div>
      )}
      {cert && (
        <>
          <dl
            className="small"
            style={{
              display: 'grid',
              gridTemplateColumns: 'max-content 1fr',
              gap: '0.25rem 1rem',
              margin: 0,
            }}
          >
            <dt>Subject</dt>
            <dd className="mono">{cert.subject}</dd>
            <dt>Issuer</dt>
            <dd className="mono">{cert.issuer}</dd>
            <dt>Valid</dt>
            <dd>
              {formatDate(cert.validFrom)} – {formatDate(cert.validTo)}
            </dd>
            <dt>SHA-256 fingerprint</dt>
            <dd className="mono" data-testid="cert-fingerprint">
              {cert.fingerprintSha256}
            </dd>
          </dl>
          {cert.trusted ? (
            <div className="alert ok" role="status">
              Trusted by the system.
            </div>
          ) : accepted ? (
            <div className="alert ok" role="status">
              Certificate accepted: Slipway will talk to this server only while it presents this
              exact certificate.{' '}
              <button type="button" className="link" onClick={onClear}>
                Undo
              </button>
            </div>
          ) : trustedOtherwise ? (
            <div className="alert info" role="status">
              Not trusted by the system ({cert.trustError}); the CA certificate you gave will be
              used instead.
            </div>
          ) : (
            <div className="alert error stack" role="alert">
              <span>
                The system does not trust this certificate ({cert.trustError}). Check the
                fingerprint with the server&apos;s owner, then accept it to save this endpoint.
              </span>
              <div>
                <button
                  type="button"
                  className="primary"
                  onClick={() => onAccept(cert.fingerprintSha256)}
                >
                  Accept certificate
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
