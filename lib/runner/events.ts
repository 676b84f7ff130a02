import type { DbOrTx } from '../db/client';
import { publishLiveEvent } from '../live/publish';

export const executionTopic = (id: string) => `execution:${id}`;
export const EXECUTIONS_TOPIC = 'executions';

/**
 * Live event about one execution (topic execution:<id>); status changes of the execution itself
 * also go to the project's list topic ("executions").
 */
export async function publishExecutionEvent(
  tx: DbOrTx,
  ex: { id: string; projectId: string },
  type: 'execution.status' | 'stage.status' | 'task.status' | 'task.log' | 'execution.created',
  data: Record<string, unknown>,
): Promise<void> {
  const payload = { executionId: ex.id, ...data };
  await publishLiveEvent(tx, {
    projectId: ex.projectId,
    topic: executionTopic(ex.id),
    type,
    data: payload,
  });
  if (type === 'execution.status' || type === 'execution.created') {
    await publishLiveEvent(tx, {
      projectId: ex.projectId,
      topic: EXECUTIONS_TOPIC,
      type,
      data: payload,
    });
  }
}
