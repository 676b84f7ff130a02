'use client';

/** Error thrown by apiFetch: carries the API's code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** Field path → message, from a 422's details.issues. */
  fieldErrors(): Record<string, string> {
    const issues =
      (this.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
    // The first problem of a field is the one to fix first ("must not be empty" before the
    // characters it may hold).
    const out: Record<string, string> = {};
    for (const i of issues) out[i.path] ??= i.message;
    return out;
  }
}

export async function apiFetch<T>(
  path: string,
  init?: RequestInit & { json?: unknown },
): Promise<T> {
  const { json, ...rest } = init ?? {};
  const res = await fetch(path, {
    ...rest,
    headers: { ...(json !== undefined && { 'content-type': 'application/json' }), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const err = (
      body as { error?: { code: string; message: string; details?: unknown } } | undefined
    )?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'HTTP_' + res.status,
      err?.message ?? `Request failed (${res.status})`,
      err?.details,
    );
  }
  return body as T;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a paginated list, following `nextCursor` page by page (200 a page), for choices
 * that must not silently stop at the first page (project switcher, a form's endpoint or pipeline
 * select). Stops after `maxItems` to stay bounded.
 */
export async function apiFetchAll<T>(path: string, maxItems = 5000): Promise<T[]> {
  const sep = path.includes('?') ? '&' : '?';
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await apiFetch<Page<T>>(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < maxItems);
  return items;
}

/**
 * How a form shows a failed save: field problems under their fields only, anything else as one
 * message above the buttons (never both, so nothing is said twice).
 */
export function formErrors(err: unknown): { fields: Record<string, string>; message?: string } {
  const fields = err instanceof ApiError ? err.fieldErrors() : {};
  if (Object.keys(fields).length > 0) return { fields };
  return { fields, message: err instanceof Error ? err.message : String(err) };
}
