import type { BindingScope } from '../pipeline/bindings';
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
  /** Evaluates an expression with the execution's scope plus task-provided locals (e.g. `response`). */
  evaluate?(expr: string, locals?: Record<string, unknown>): unknown;
  /** The execution's binding scope (secrets decrypted: never show or log it). */
  scope?: BindingScope;
  /** How many times this task was started in this execution (2+ after a resume). */
  attempt?: number;
}

export interface TaskResult {
  status: 'COMPLETED' | 'FAILED' | 'WAITING';
  output?: Record<string, unknown>;
  message?: string;
  /** WAITING only: when the wait ends unanswered (the task then fails as expired). */
  expiresAt?: Date;
}

export interface TaskHandler {
  type: string;
  /** Safe to run again after a worker died mid-task (e.g. GET, APPLY): resumed instead of failed. */
  idempotent: boolean;
  run(ctx: TaskRunContext): Promise<TaskResult>;
  /**
   * Input keys the runner must not substitute (the handler evaluates them itself, e.g. CONDITION's
   * `condition`, POLL's `successCondition`, K8S's `yaml`).
   */
  rawInputKeys?: readonly string[];
  /** Per-input refinement of `idempotent` (e.g. REST: GET yes, POST no). */
  isIdempotent?(input: Record<string, unknown>): boolean;
}
