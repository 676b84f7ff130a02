import { validationFailed } from '../../api/errors';
import { logger } from '../../log';
import { fetchCertificate } from '../../tls/certificate';

const SAVE_CHECK_TIMEOUT_MS = 5_000;

/**
 * Refuses (422) to save an https endpoint whose certificate the system does not trust unless a
 * fingerprint was accepted or a CA given. When the server cannot be reached now, saving is
 * allowed: every later call still verifies the certificate against the system's CAs.
 */
export async function ensureTrustedOrPinned(cfg: {
  url?: string;
  fingerprint?: string | null;
  caCert?: string | null;
}): Promise<void> {
  if (!cfg.url || !cfg.url.startsWith('https:') || cfg.fingerprint || cfg.caCert) return;
  let cert;
  try {
    cert = await fetchCertificate(cfg.url, { timeoutMs: SAVE_CHECK_TIMEOUT_MS });
  } catch (err) {
    logger.info(
      { url: cfg.url, reason: (err as Error).message },
      'endpoint certificate check skipped',
    );
    return;
  }
  if (!cert.trusted) {
    throw validationFailed([
      {
        path: 'properties.fingerprint',
        message:
          `the system does not trust the certificate of ${new URL(cfg.url).host} (${cert.trustError}); ` +
          `accept it (fingerprint ${cert.fingerprintSha256}) or give a CA certificate`,
      },
    ]);
  }
}
