import { generateToken, hashToken } from '../../crypto/tokens';
import { decryptSecret, encryptSecret } from '../../crypto/secrets';
import { publicUrl } from '../../env';

export const RECEIVER_PATH = '/pipelines/api/docker-hub-webhooks';
const PREFIX = 'swh_';

/** A new secure token (256 random bits), stored encrypted for display and hashed for lookup. */
export function newSecureToken(): { token: string; enc: string; hash: string } {
  const token = generateToken(PREFIX, 32);
  return { token, enc: encryptSecret(token), hash: hashToken(token) };
}

export function hookUrlFor(secureTokenEnc: string): string {
  const token = decryptSecret(secureTokenEnc);
  return `${publicUrl()}${RECEIVER_PATH}?secureToken=${encodeURIComponent(token)}`;
}

export { hashToken as hashSecureToken };
