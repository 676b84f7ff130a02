import crypto from 'node:crypto';

/** A URL-safe random token with a readable prefix (e.g. "swr_" refresh, "swa_" access). */
export function generateToken(prefix: string, bytes = 32): string {
  return `${prefix}${crypto.randomBytes(bytes).toString('base64url')}`;
}

/** Tokens are looked up by their SHA-256: the lookup time does not depend on how much matched. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
