import { liveStreamResponse, parseLastEventId } from '../../live/sse';
import { EXECUTIONS_TOPIC, executionTopic } from '../../runner/events';
import { requireProject, visibleProjectIds } from '../access';
import type { Ctx } from '../context';
import { requireExecution } from './query';

/** SSE of one execution: every event since the start (or since Last-Event-ID), then live. */
export async function streamExecution(ctx: Ctx, id: string, req: Request): Promise<Response> {
  await requireExecution(ctx, id);
  return liveStreamResponse({
    db: ctx.db,
    topic: executionTopic(id),
    lastEventId: parseLastEventId(req),
    replayAll: true,
    signal: req.signal,
  });
}

/** SSE of execution status changes in one project (or all the caller's projects). */
export async function streamExecutionList(
  ctx: Ctx,
  project: string | undefined,
  req: Request,
): Promise<Response> {
  const projectIds = project
    ? [(await requireProject(ctx, project, 'VIEWER')).id]
    : await visibleProjectIds(ctx);
  return liveStreamResponse({
    db: ctx.db,
    topic: EXECUTIONS_TOPIC,
    projectIds,
    lastEventId: parseLastEventId(req),
    signal: req.signal,
  });
}
