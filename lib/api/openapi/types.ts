import type { ZodType } from 'zod';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  body?: ZodType;
  /** Response schema for the success status; a list schema is wrapped as {items, nextCursor}. */
  response?: ZodType;
  list?: boolean;
  status?: number;
  auth?: boolean;
  query?: Record<string, string>;
}
