export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The one error type: services throw it, the handler wrapper maps it to `{error: {...}}`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    details?: unknown,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const conflict = (message: string, details?: unknown) =>
  new AppError('CONFLICT', message, details);
export const unauthorized = (message = 'Sign in or send Authorization: Bearer <access token>') =>
  new AppError('UNAUTHORIZED', message);

export interface FieldIssue {
  path: string;
  message: string;
  line?: number;
}

export const validationFailed = (issues: FieldIssue[], message?: string) =>
  new AppError(
    'VALIDATION_FAILED',
    // A problem of the whole document (no path) is said as it is, without a made-up name.
    message ?? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
    { issues },
  );

/** Maps database driver errors (postgres-js and PGlite share SQLSTATE codes) to AppErrors. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code === '23505') {
        const detail = (e as { detail?: string }).detail;
        return conflict(
          detail ? `Already exists: ${detail}` : 'An object with that name already exists',
        );
      }
      if (code === '23503') return conflict('It is still referenced by another object');
      if (
        /^(08|57P0|53)/.test(code) ||
        [
          'ECONNREFUSED',
          'ECONNRESET',
          'CONNECTION_CLOSED',
          'CONNECTION_ENDED',
          'CONNECT_TIMEOUT',
        ].includes(code)
      ) {
        return new AppError(
          'UNAVAILABLE',
          'The database is not reachable right now; try again',
          undefined,
          {
            'Retry-After': '2',
          },
        );
      }
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
