import type { TaskRunContext } from '../task-types';

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;

export class TaskInputError extends Error {}
export class RequestTimeoutError extends Error {}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
  timeoutMs: number;
}

export function readRequest(
  input: Record<string, unknown>,
  defaults: { method?: string; timeoutMs: number },
): HttpRequest {
  const method = String(input.action ?? input.method ?? defaults.method ?? 'get').toLowerCase();
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new TaskInputError(`action must be one of ${METHODS.join(', ')}; got "${method}"`);
  }
  const url = typeof input.url === 'string' ? input.url.trim() : '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TaskInputError(`url is not a valid URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TaskInputError(`url must be http or https: "${url}"`);
  }
  const headers: Record<string, string> = {};
  if (input.headers && typeof input.headers === 'object') {
    for (const [k, v] of Object.entries(input.headers)) headers[k] = String(v);
  }
  const seconds = Number(input.timeoutSeconds ?? input.timeout ?? NaN);
  const timeoutMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaults.timeoutMs;
  return { method, url, headers, payload: input.payload ?? input.body, timeoutMs };
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      chunks.push(value.slice(0, value.byteLength - (size - MAX_RESPONSE_BYTES)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One HTTP request with a timeout that also ends on the task's AbortSignal (cancel). */
export async function sendRequest(req: HttpRequest, ctx: TaskRunContext): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  let body: string | undefined;
  const headers = { ...req.headers };
  if (req.payload !== undefined && req.payload !== null && req.method !== 'get') {
    if (typeof req.payload === 'string') body = req.payload;
    else {
      body = JSON.stringify(req.payload);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
  }
  try {
    const res = await fetch(req.url, { method: req.method.toUpperCase(), headers, body, signal });
    const text = await readCapped(res);
    let parsed: unknown = text;
    if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: parsed };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    if (timeout.aborted) {
      throw new RequestTimeoutError(
        `Timed out after ${req.timeoutMs / 1000} s waiting for ${req.method.toUpperCase()} ${req.url}`,
      );
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `${req.method.toUpperCase()} ${req.url} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
    );
  }
}

/** Waits, ending early (rejecting) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
