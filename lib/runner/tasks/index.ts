import { registerTaskHandler } from '../registry';
import { conditionTask } from './condition';
import { pollTask } from './poll';
import { restTask } from './rest';
import { userOperationTask } from './user-operation';

/** The task types this runner ships with (K8S registers itself from lib/k8s/task.ts). */
export function registerBuiltInTasks(): void {
  for (const h of [restTask, pollTask, conditionTask, userOperationTask]) registerTaskHandler(h);
}
