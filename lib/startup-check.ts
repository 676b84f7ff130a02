import { env } from './env';
import { secretKey } from './crypto/secrets';

/**
 * Configuration problems stop the server at start with a message, instead of failing the first
 * request that needs a secret: a bad variable, or PostgreSQL without SLIPWAY_SECRET_KEY.
 */
export function checkStartupConfiguration(): void {
  env();
  secretKey();
}
