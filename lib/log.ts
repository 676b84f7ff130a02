import pino from 'pino';
import { env } from './env';

const g = globalThis as unknown as { __slipwayLogger?: pino.Logger };

/** JSON logs. Field names that may carry secrets are redacted wherever they appear. */
export const logger: pino.Logger =
  g.__slipwayLogger ??
  (g.__slipwayLogger = pino({
    level: env().SLIPWAY_LOG_LEVEL,
    base: { service: 'slipway' },
    redact: {
      paths: [
        'password',
        'token',
        'refreshToken',
        'accessToken',
        'secureToken',
        'authorization',
        '*.password',
        '*.token',
        '*.refreshToken',
        '*.accessToken',
        '*.secureToken',
        '*.authorization',
        '*.value',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '*****',
    },
  }));
