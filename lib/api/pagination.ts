import { z } from 'zod';
import { AppError } from './errors';

export const PageQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor over (createdAt desc, id desc), or any pair of sortable values. */
export interface Cursor {
  t: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.t === 'string' && typeof parsed.id === 'string') return parsed;
  } catch {
    // fall through to the error below: a cursor is opaque, a broken one is the caller's mistake
  }
  throw new AppError('BAD_REQUEST', 'cursor is not valid; use the nextCursor of a previous page');
}

/** Given limit+1 fetched rows, returns the page and the cursor for the next one. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
  key: (r: R) => Cursor,
): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  const last = slice[slice.length - 1];
  return { items: slice.map(map), nextCursor: more && last ? encodeCursor(key(last)) : null };
}

/** For short, fully loaded lists (users, projects, members): the same cursor contract. */
export function paginateList<T>(
  all: T[],
  q: { cursor?: string; limit: number },
  key: (t: T) => Cursor,
): Page<T> {
  const c = decodeCursor(q.cursor);
  let start = 0;
  if (c) {
    const i = all.findIndex((t) => key(t).id === c.id);
    start = i >= 0 ? i + 1 : all.length;
  }
  const slice = all.slice(start, start + q.limit);
  const last = slice[slice.length - 1];
  return {
    items: slice,
    nextCursor: start + q.limit < all.length && last ? encodeCursor(key(last)) : null,
  };
}
