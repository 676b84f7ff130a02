/**
 * The one binding evaluator (product.md §4). The runner, the K8S task and the webhook receiver
 * call these functions; document validation uses `extractBindings` at save time.
 *
 * Substitution is single-pass: a value that itself contains `${…}` is inserted as text and never
 * expanded again. YAML is substituted after parsing, into scalars only, so a value can never add
 * structure.
 */
import yaml from 'js-yaml';
import {
  BINDING_PATTERN,
  bindingText,
  isTruthy,
  parseBindingBody,
  type BindingRef,
} from './binding-refs';
import { describeValue, evaluateParsed, parseExpression } from './expression';

export {
  bindingText,
  extractBindings,
  extractBindingsDeep,
  isTruthy,
  parseBindingBody,
} from './binding-refs';
export type { BindingRef } from './binding-refs';
export { describeValue, ExpressionError, parseExpression } from './expression';

export interface BindingScope {
  inputs: Record<string, unknown>;
  /** Variable values (secrets decrypted; callers mask them in anything shown). */
  vars: Record<string, unknown>;
  /** stage → task → output key → value, for tasks that already ran. */
  taskOutputs: Record<string, Record<string, Record<string, unknown>>>;
  executionId: string;
  executionIndex: number;
  /** Values a task provides to its own expressions, e.g. `response` for POLL's successCondition. */
  locals?: Record<string, unknown>;
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

const has = (o: unknown, k: string): boolean =>
  !!o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k);

function walk(start: unknown, path: string[]): { found: boolean; value: unknown } {
  let cur = start;
  for (const part of path) {
    if (!has(cur, part)) return { found: false, value: undefined };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { found: true, value: cur };
}

/** The value of one parsed binding; throws BindingError when it refers to nothing. */
export function lookupBinding(ref: BindingRef, scope: BindingScope): unknown {
  switch (ref.kind) {
    case 'executionId':
      return scope.executionId;
    case 'executionIndex':
      return scope.executionIndex;
    case 'input':
    case 'var': {
      const bag = ref.kind === 'input' ? scope.inputs : scope.vars;
      if (!has(bag, ref.name)) throw new BindingError(`${ref.raw} is not defined`, ref.raw);
      return bag[ref.name];
    }
    case 'output': {
      const task = has(scope.taskOutputs, ref.stage)
        ? walk(scope.taskOutputs[ref.stage], [ref.task])
        : { found: false, value: undefined };
      if (!task.found) {
        throw new BindingError(
          `${ref.raw}: task "${ref.task}" of stage "${ref.stage}" has not run`,
          ref.raw,
        );
      }
      // A key may itself contain dots ("app.version"); otherwise it is a path into the output.
      if (has(task.value, ref.key)) return (task.value as Record<string, unknown>)[ref.key];
      const deep = walk(task.value, ref.key.split('.'));
      if (!deep.found) throw new BindingError(`${ref.raw} is not defined`, ref.raw);
      return deep.value;
    }
    case 'local': {
      const found = has(scope.locals, ref.root)
        ? walk(scope.locals?.[ref.root], ref.path)
        : { found: false, value: undefined };
      if (!found.found) throw new BindingError(`${ref.raw} is not defined`, ref.raw);
      return found.value;
    }
    case 'invalid':
      throw new BindingError(ref.reason, ref.raw);
  }
}

/** Resolves `${…}` text (the part between the braces) against a scope. */
export function resolveBinding(body: string, scope: BindingScope): unknown {
  return lookupBinding(parseBindingBody(body, Object.keys(scope.taskOutputs)), scope);
}

const WHOLE_BINDING = /^\$\{([^{}]*)\}$/;

/** Substitutes every binding in a string as text (single pass: results are never re-scanned). */
export function interpolate(text: string, scope: BindingScope): string {
  return text.replace(BINDING_PATTERN, (_m, body: string) =>
    bindingText(resolveBinding(body, scope)),
  );
}

/**
 * Deep-substitutes bindings into a parsed value (strings inside objects/arrays, and keys as text).
 * A string that is exactly one binding becomes the bound value itself (any type). Never feed the
 * result of this to a YAML/JSON parser: use `substituteYaml` for YAML text.
 */
export function resolveValue(value: unknown, scope: BindingScope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_BINDING.exec(value);
    return whole ? resolveBinding(whole[1] ?? '', scope) : interpolate(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[interpolate(k, scope)] = resolveValue(v, scope);
    return out;
  }
  return value;
}

const YAML_INT = /^[-+]?(0|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const YAML_TRUE = /^(true|True|TRUE)$/;
const YAML_FALSE = /^(false|False|FALSE)$/;
const YAML_NULL = /^(null|Null|NULL|~)$/;

/**
 * The plain-scalar YAML type of a bound value: "2" → 2, "true" → true, "null" → null; anything
 * else (including "", multi-line text and "1.0\nkind: Secret") stays a string. Objects and arrays
 * become JSON text, so a value never adds structure.
 */
export function plainScalar(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'string') return bindingText(value);
  if (YAML_INT.test(value) || YAML_FLOAT.test(value)) {
    const n = Number(value);
    if (Number.isFinite(n) && (!YAML_INT.test(value) || Number.isSafeInteger(n))) return n;
    return value;
  }
  if (YAML_TRUE.test(value)) return true;
  if (YAML_FALSE.test(value)) return false;
  if (YAML_NULL.test(value)) return null;
  return value;
}

function substituteScalars(node: unknown, scope: BindingScope): unknown {
  if (typeof node === 'string') {
    const whole = WHOLE_BINDING.exec(node);
    return whole ? plainScalar(resolveBinding(whole[1] ?? '', scope)) : interpolate(node, scope);
  }
  if (Array.isArray(node)) return node.map((v) => substituteScalars(v, scope));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[interpolate(k, scope)] = substituteScalars(v, scope);
    }
    return out;
  }
  return node;
}

/**
 * Parses YAML text (one or many documents; empty documents dropped) with the core schema and
 * substitutes bindings into scalars only. Syntax errors throw js-yaml's YAMLException (with mark).
 */
export function substituteYaml(yamlText: string, scope: BindingScope): unknown[] {
  const docs: unknown[] = [];
  yaml.loadAll(yamlText, (doc) => docs.push(doc), { schema: yaml.CORE_SCHEMA });
  return docs.filter((d) => d !== null && d !== undefined).map((d) => substituteScalars(d, scope));
}

/** Evaluates a condition expression (==, !=, <, <=, >, >=, &&, ||, !, parentheses, literals, bindings). */
export function evaluateExpression(expr: string, scope: BindingScope): unknown {
  return evaluateParsed(parseExpression(expr), (body) => resolveBinding(body, scope));
}

/** One binding an expression resolved, for messages: `body` is the text between the braces. */
export interface ResolvedBinding {
  body: string;
  value: unknown;
}

/** Evaluates an expression and records the bindings it resolved (once each, in order). */
export function explainExpression(
  expr: string,
  scope: BindingScope,
): { value: unknown; resolved: ResolvedBinding[] } {
  const resolved = new Map<string, unknown>();
  const value = evaluateParsed(parseExpression(expr), (body) => {
    const v = resolveBinding(body, scope);
    if (!resolved.has(body)) resolved.set(body, v);
    return v;
  });
  return { value, resolved: [...resolved].map(([body, v]) => ({ body, value: v })) };
}

/**
 * The resolved bindings as a message reads them: `DOCKER_TAG = "latest", var.ENV = "prod"`
 * (inputs by name, others as written). Values are not escaped, so masking still applies.
 */
export function describeResolved(resolved: readonly ResolvedBinding[]): string {
  return resolved
    .map(({ body, value }) => {
      const text = body.trim();
      const label = text.startsWith('input.') ? text.slice('input.'.length).trim() : text;
      return `${label} = ${describeValue(value, text)}`;
    })
    .join(', ');
}

/** An expression's truth, as CONDITION tasks and preConditions use it. */
export function evaluateCondition(expr: string, scope: BindingScope): boolean {
  return isTruthy(evaluateExpression(expr, scope));
}

/**
 * Input fields that are not interpolated as text by `resolveTaskInput`: a K8S `yaml` goes through
 * `substituteYaml`, and expressions go through `evaluateExpression` (with `locals` for POLL).
 */
export const RAW_INPUT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  K8S: ['yaml'],
  POLL: ['successCondition'],
  CONDITION: ['condition'],
};

/** A task's input with bindings resolved, except the fields of RAW_INPUT_FIELDS (kept as written). */
export function resolveTaskInput(
  type: string,
  input: Record<string, unknown>,
  scope: BindingScope,
): Record<string, unknown> {
  const raw = RAW_INPUT_FIELDS[type] ?? [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = raw.includes(k) ? v : resolveValue(v, scope);
  return out;
}
