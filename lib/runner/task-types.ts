import type { TaskDoc } from '../schemas/pipeline';

/**
 * The contract between the runner and each task type (REST, POLL, CONDITION, USER_OPERATION in
 * lib/runner/tasks/, K8S in lib/k8s/). The runner resolves bindings in `task.input` before calling
 * `run`, so a task sees plain values.
 */
export interface TaskRunContext {
  executionId: string;
  executionIndex: number;
  projectId: string;
  pipelineId: string;
  stage: string;
  task: string;
  /** The task's input after binding substitution. */
  input: Record<string, unknown>;
  /** The raw task document (for fields a type resolves itself, e.g. K8S YAML substituted per scalar). */
  doc: TaskDoc;
  /** Resolve `${…}` bindings in a string / parsed value with the execution's current scope. */
  resolve(value: unknown): unknown;
  /** Append a line to the task's log (stored with a size cap, secrets masked). */
  log(line: string): Promise<void>;
  /** Aborted on cancel or timeout: long waits must listen to it. */
  signal: AbortSignal;
}

export interface TaskResult {
  status: 'COMPLETED' | 'FAILED' | 'WAITING';
  output?: Record<string, unknown>;
  message?: string;
}

export interface TaskHandler {
  type: string;
  /** Safe to run again after a worker died mid-task (e.g. GET, APPLY): resumed instead of failed. */
  idempotent: boolean;
  run(ctx: TaskRunContext): Promise<TaskResult>;
}
