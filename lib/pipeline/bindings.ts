/**
 * The one binding evaluator (product.md §4). CONTRACT ONLY — implemented by the pipelines work;
 * the runner, the K8S task and the webhook receiver call these functions.
 */

export interface BindingScope {
  inputs: Record<string, unknown>;
  /** Variable values (secrets decrypted; callers mask them in anything shown). */
  vars: Record<string, unknown>;
  /** stage → task → output key → value, for tasks that already ran. */
  taskOutputs: Record<string, Record<string, Record<string, unknown>>>;
  executionId: string;
  executionIndex: number;
}

/** A binding that refers to nothing; the message names it, e.g. "${input.NOPE} is not defined". */
export class BindingError extends Error {
  constructor(
    message: string,
    readonly binding: string,
  ) {
    super(message);
    this.name = 'BindingError';
  }
}

/** Deep-substitutes bindings into a parsed value (strings inside objects/arrays). */
export function resolveValue(_value: unknown, _scope: BindingScope): unknown {
  throw new Error('not implemented yet');
}

/** Parses YAML text (one or many documents) and substitutes bindings into scalars only. */
export function substituteYaml(_yamlText: string, _scope: BindingScope): unknown[] {
  throw new Error('not implemented yet');
}

/** Evaluates a condition expression (==, !=, <, <=, >, >=, &&, ||, !, parentheses, literals, bindings). */
export function evaluateExpression(_expr: string, _scope: BindingScope): unknown {
  throw new Error('not implemented yet');
}
