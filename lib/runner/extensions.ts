import { registerK8sTask } from '../k8s/task';
import { registerDockerHubCallback } from '../services/registry-events/callback';
import { registerBuiltInTasks } from './tasks';

/**
 * Everything the runner process must have registered before it claims work: task handlers, and
 * the features' job / execution-finished handlers (a feature adds its register call here).
 */
export function registerRunnerExtensions(): void {
  registerBuiltInTasks();
  registerK8sTask();
  registerDockerHubCallback();
}
