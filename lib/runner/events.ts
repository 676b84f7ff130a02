import type { DbOrTx } from '../db/client';
import { LiveBatch, type LiveEventInput } from '../live/publish';

export const executionTopic = (id: string) => `execution:${id}`;
export const EXECUTIONS_TOPIC = 'executions';

export type ExecutionEventType =
  'execution.status' | 'stage.status' | 'task.status' | 'task.log' | 'execution.created';

/**
 * The live events of a change to one execution (topic execution:<id>); status changes of the
 * execution itself also go to the project's list topic ("executions").
 */
export function executionLiveEvents(
  ex: { id: string; projectId: string },
  type: ExecutionEventType,
  data: Record<string, unknown>,
): LiveEventInput[] {
  const payload = { executionId: ex.id, ...data };
  const events: LiveEventInput[] = [
    { projectId: ex.projectId, topic: executionTopic(ex.id), type, data: payload },
  ];
  if (type === 'execution.status' || type === 'execution.created') {
    events.push({ projectId: ex.projectId, topic: EXECUTIONS_TOPIC, type, data: payload });
  }
  return events;
}

/** Writes those events in the caller's transaction (one statement). */
export async function publishExecutionEvent(
  tx: DbOrTx,
  ex: { id: string; projectId: string },
  type: ExecutionEventType,
  data: Record<string, unknown>,
): Promise<void> {
  await new LiveBatch().add(...executionLiveEvents(ex, type, data)).flush(tx);
}
