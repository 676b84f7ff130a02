/**
 * Parsing of `${…}` references, shared by the evaluator (run time) and document validation
 * (save time). Pure: no scope, no I/O.
 */

/** One `${…}` occurrence; `kind` says what it points at. */
export type BindingRef =
  | { raw: string; kind: 'input' | 'var'; name: string }
  | { raw: string; kind: 'output'; stage: string; task: string; key: string }
  | { raw: string; kind: 'executionId' | 'executionIndex' }
  /** e.g. `${response.status}` inside a POLL successCondition: provided by the task itself. */
  | { raw: string; kind: 'local'; root: string; path: string[] }
  | { raw: string; kind: 'invalid'; reason: string };

/** Matches one binding; the body cannot contain braces, so `${a}${b}` is two bindings. */
export const BINDING_PATTERN = /\$\{([^{}]*)\}/g;

const LOCAL_ROOTS = new Set(['response']);

/** Splits `Stage.Task.output.KEY`; stage and task names may contain spaces (and, if the
 *  caller knows the stage names, dots). */
export function parseBindingBody(body: string, stageNames?: readonly string[]): BindingRef {
  const raw = '${' + body + '}';
  const text = body.trim();
  if (text === 'executionId' || text === 'executionIndex') return { raw, kind: text };
  for (const kind of ['input', 'var'] as const) {
    if (text.startsWith(kind + '.')) {
      const name = text.slice(kind.length + 1).trim();
      if (!name) return { raw, kind: 'invalid', reason: `${raw} names no ${kind}` };
      return { raw, kind, name };
    }
  }
  const marker = text.indexOf('.output.');
  if (marker > 0) {
    const head = text.slice(0, marker);
    const key = text.slice(marker + '.output.'.length).trim();
    if (!key) return { raw, kind: 'invalid', reason: `${raw} names no output key` };
    const known = stageNames?.find((s) => head.startsWith(s + '.') && head.length > s.length + 1);
    const dot = known ? known.length : head.indexOf('.');
    if (dot <= 0 || dot === head.length - 1) {
      return { raw, kind: 'invalid', reason: `${raw} must look like \${STAGE.TASK.output.KEY}` };
    }
    return { raw, kind: 'output', stage: head.slice(0, dot), task: head.slice(dot + 1), key };
  }
  const parts = text.split('.');
  const root = parts[0] ?? '';
  if (LOCAL_ROOTS.has(root)) return { raw, kind: 'local', root, path: parts.slice(1) };
  return {
    raw,
    kind: 'invalid',
    reason: `${raw} is not a binding: use \${input.NAME}, \${var.NAME}, \${STAGE.TASK.output.KEY}, \${executionId} or \${executionIndex}`,
  };
}

/** Every binding in a text, in order of appearance (duplicates kept). */
export function extractBindings(text: string, stageNames?: readonly string[]): BindingRef[] {
  const refs: BindingRef[] = [];
  for (const m of text.matchAll(BINDING_PATTERN))
    refs.push(parseBindingBody(m[1] ?? '', stageNames));
  return refs;
}

/** Every binding in any string (or object key) inside a parsed value. */
export function extractBindingsDeep(value: unknown, stageNames?: readonly string[]): BindingRef[] {
  if (typeof value === 'string') return extractBindings(value, stageNames);
  if (Array.isArray(value)) return value.flatMap((v) => extractBindingsDeep(v, stageNames));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...extractBindings(k, stageNames),
      ...extractBindingsDeep(v, stageNames),
    ]);
  }
  return [];
}

/** How a value reads inside a longer string. */
export function bindingText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Truth of an expression result: false, 0, "", "false" (any case), null are false. */
export function isTruthy(v: unknown): boolean {
  if (typeof v === 'string') return v !== '' && v.toLowerCase() !== 'false';
  return Boolean(v);
}
