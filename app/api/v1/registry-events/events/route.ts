import { z } from 'zod';
import { handle } from '@/lib/api/handler';
import { streamRegistryEvents } from '@/lib/services/registry-events';

export const dynamic = 'force-dynamic';

/** text/event-stream of registry events (Activity tab), resumable with Last-Event-ID. */
export const GET = handle(
  { route: '/api/v1/registry-events/events', query: z.object({ project: z.string().optional() }) },
  ({ ctx, query, req }) => streamRegistryEvents(ctx, query.project, req),
);
