import type { TaskHandler } from './task-types';

const g = globalThis as unknown as { __slipwayTaskHandlers?: Map<string, TaskHandler> };
const handlers = (g.__slipwayTaskHandlers ??= new Map<string, TaskHandler>());

/** Registers (or replaces) the handler of a task type; K8S registers itself from lib/k8s/task.ts. */
export function registerTaskHandler(handler: TaskHandler): void {
  handlers.set(handler.type, handler);
}

export function getTaskHandler(type: string): TaskHandler | undefined {
  return handlers.get(type);
}

export function registeredTaskTypes(): string[] {
  return [...handlers.keys()];
}
