import pino from 'pino';
import { env } from './env';

/**
 * Errors are logged without the parameters of a failed query: drizzle puts them on the error
 * (`params`) and in its message ("params: …"), and they can hold payloads, hashes or secrets.
 */
export function serializeError(e: unknown): unknown {
  const s = pino.stdSerializers.err(e as Error) as unknown as Record<string, unknown>;
  return scrub(s, 0);
}

const PARAMS_TEXT = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;

function scrub(s: Record<string, unknown>, depth: number): Record<string, unknown> {
  if (!s || typeof s !== 'object' || depth > 4) return s;
  const out: Record<string, unknown> = { ...s };
  if ('params' in out) out.params = '[not logged]';
  for (const k of ['message', 'stack'] as const) {
    if (typeof out[k] === 'string') out[k] = out[k].replace(PARAMS_TEXT, '\nparams: [not logged]');
  }
  if (out.cause && typeof out.cause === 'object') {
    out.cause = scrub(out.cause as Record<string, unknown>, depth + 1);
  }
  return out;
}

const g = globalThis as unknown as { __slipwayLogger?: pino.Logger };

/** JSON logs. Field names that may carry secrets are redacted wherever they appear. */
export const logger: pino.Logger =
  g.__slipwayLogger ??
  (g.__slipwayLogger = pino({
    level: env().SLIPWAY_LOG_LEVEL,
    base: { service: 'slipway' },
    serializers: { err: serializeError, error: serializeError },
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
