import crypto from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { z, type ZodType } from 'zod';
import { getDb } from '../db/client';
import { logger } from '../log';
import { metrics } from '../metrics';
import type { Ctx } from '../services/context';
import { DEFAULT_MAX_BODY, parseBody, readBodyLimited } from './body';
import { AppError, fromDatabaseError, validationFailed } from './errors';
import { actorFromRequest } from './request-actor';

type Params = Record<string, string>;
type RouteContext = { params: Promise<Params> };

interface Options<B extends ZodType | undefined, Q extends ZodType | undefined> {
  /** Label for metrics and logs, e.g. "/api/v1/projects/{id}". */
  route: string;
  /** Default true: a session cookie or Bearer access token is required. */
  auth?: boolean;
  body?: B;
  query?: Q;
  /** Status for a successful answer that is not a Response (default 200; undefined → 204). */
  status?: number;
  maxBody?: number;
}

interface Args<B, Q> {
  req: NextRequest;
  params: Params;
  body: B;
  query: Q;
  /** Present when auth is on. */
  ctx: Ctx;
  requestId: string;
  /** Raw body text (for handlers that need the exact bytes). */
  rawBody: string;
}

type Infer<S> = S extends ZodType ? z.output<S> : undefined;

export function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function parseWith<S extends ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationFailed(zodIssues(r.error));
  return r.data;
}

export function errorResponse(err: unknown, requestId: string): NextResponse {
  const app = err instanceof AppError ? err : fromDatabaseError(err);
  if (!app) {
    logger.error({ err, requestId }, 'unhandled error');
    return NextResponse.json(
      {
        error: {
          code: 'INTERNAL',
          message: `Something went wrong on our side (request ${requestId})`,
        },
      },
      { status: 500, headers: { 'x-request-id': requestId } },
    );
  }
  return NextResponse.json(
    {
      error: {
        code: app.code,
        message: app.message,
        ...(app.details !== undefined && { details: app.details }),
      },
    },
    { status: app.status, headers: { 'x-request-id': requestId, ...app.headers } },
  );
}

/**
 * The one wrapper for route handlers: request id, auth, body and query parsing with the shared
 * zod schemas, error mapping to `{error: {code, message, details}}`, metrics and a log line.
 */
export function handle<
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
>(opts: Options<B, Q>, fn: (args: Args<Infer<B>, Infer<Q>>) => Promise<unknown>) {
  return async (req: NextRequest, routeCtx?: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = req.headers.get('x-request-id')?.slice(0, 64) || crypto.randomUUID();
    let res: Response;
    try {
      const params = (await routeCtx?.params) ?? {};
      const db = await getDb();
      const query = opts.query
        ? parseWith(opts.query, Object.fromEntries(req.nextUrl.searchParams.entries()))
        : undefined;
      let rawBody = '';
      let body: unknown = undefined;
      if (opts.body) {
        rawBody = await readBodyLimited(req, opts.maxBody ?? DEFAULT_MAX_BODY);
        body = parseWith(opts.body, parseBody(rawBody, req.headers.get('content-type')));
      }
      const actor =
        opts.auth === false
          ? { userId: '', email: '', name: '', admin: false, via: 'system' as const }
          : await actorFromRequest(db, req.headers);
      const out = await fn({
        req,
        params,
        body: body as Infer<B>,
        query: query as Infer<Q>,
        ctx: { db, actor, requestId },
        requestId,
        rawBody,
      });
      if (out instanceof Response) res = out;
      else if (out === undefined) res = new NextResponse(null, { status: 204 });
      else res = NextResponse.json(out, { status: opts.status ?? 200 });
      res.headers.set('x-request-id', requestId);
    } catch (err) {
      res = errorResponse(err, requestId);
    }
    const seconds = (performance.now() - started) / 1000;
    const m = metrics();
    m.httpRequests.inc({ method: req.method, route: opts.route, status: String(res.status) });
    m.httpDuration.observe({ method: req.method, route: opts.route }, seconds);
    logger.info(
      {
        requestId,
        method: req.method,
        route: opts.route,
        status: res.status,
        ms: Math.round(seconds * 1000),
      },
      'request',
    );
    return res;
  };
}
