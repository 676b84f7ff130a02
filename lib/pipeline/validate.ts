/**
 * Save-time validation of a pipeline document: shape, structure, each task's input, bindings and
 * expressions. All problems are collected (not just the first) as field issues; YAML sources get
 * line numbers. Nothing here touches the database.
 */
import yaml from 'js-yaml';
import type { FieldIssue } from '@/lib/api/errors';
import {
  AUTO_INJECT_INPUTS,
  PipelineDocument,
  type PipelineDoc,
  type TaskDoc,
} from '@/lib/schemas/pipeline';
import { extractBindingsDeep, type BindingRef } from './binding-refs';
import { ExpressionError, parseExpression } from './expression';
import { posKey, runsBefore, splitGroup, taskPositions, type TaskPosition } from './structure';
import { EXPRESSION_FIELDS, TASK_INPUT_SCHEMAS } from './task-inputs';
import { lineOfPath, yamlErrorLine } from './yaml-lines';

export interface ValidateOptions {
  /** Names of the project's variables; when given, `${var.X}` must name one. */
  variableNames?: ReadonlySet<string>;
}

type Path = (string | number)[];
const NAME_FORBIDDEN = /[{},]/;
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

class Issues {
  readonly list: (FieldIssue & { segments: Path })[] = [];
  add(segments: Path, message: string) {
    this.list.push({ segments, path: segments.join('.'), message });
  }
}

/** Adds the auto-inject inputs that are missing, in front of the custom ones. */
export function applyAutoInject(doc: PipelineDoc): PipelineDoc {
  if (!doc.autoInject) return doc;
  const names = AUTO_INJECT_INPUTS[doc.autoInject];
  if (names.every((n) => n in doc.input)) return doc;
  const input: PipelineDoc['input'] = {};
  for (const n of names) input[n] = doc.input[n] ?? '';
  for (const [k, v] of Object.entries(doc.input)) if (!(k in input)) input[k] = v;
  return { ...doc, input };
}

function checkStructure(doc: PipelineDoc, issues: Issues) {
  const seen = new Set<string>();
  doc.stageOrder.forEach((name, i) => {
    if (seen.has(name)) issues.add(['stageOrder', i], `stage "${name}" is listed twice`);
    seen.add(name);
    if (!doc.stages[name])
      issues.add(['stageOrder', i], `stage "${name}" is not defined in stages`);
  });
  for (const [stageName, stage] of Object.entries(doc.stages)) {
    const base: Path = ['stages', stageName];
    if (!stageName.trim() || /[{}]/.test(stageName)) {
      issues.add(base, 'a stage name must not be empty or contain { or }');
    }
    if (!seen.has(stageName)) issues.add(base, `stage "${stageName}" is missing from stageOrder`);
    const taskNames = Object.keys(stage.tasks);
    if (taskNames.length === 0) issues.add([...base, 'tasks'], `stage "${stageName}" has no tasks`);
    const placed = new Set<string>();
    stage.taskOrder.forEach((entry, gi) => {
      const group = splitGroup(entry);
      if (group.length === 0) issues.add([...base, 'taskOrder', gi], 'an empty task group');
      for (const t of group) {
        if (placed.has(t)) issues.add([...base, 'taskOrder', gi], `task "${t}" is listed twice`);
        else if (!stage.tasks[t]) {
          issues.add(
            [...base, 'taskOrder', gi],
            `task "${t}" is not defined in stage "${stageName}"`,
          );
        }
        placed.add(t);
      }
    });
    for (const t of taskNames) {
      if (!t.trim() || NAME_FORBIDDEN.test(t)) {
        issues.add([...base, 'tasks', t], 'a task name must not be empty or contain , { or }');
      }
      if (!placed.has(t))
        issues.add([...base, 'tasks', t], `task "${t}" is missing from taskOrder`);
    }
  }
  for (const name of Object.keys(doc.input)) {
    if (!INPUT_NAME.test(name))
      issues.add(['input', name], 'an input name is letters, digits, _ . -');
  }
  for (const name of Object.keys(doc._inputMeta ?? {})) {
    if (!(name in doc.input)) issues.add(['_inputMeta', name], `"${name}" is not an input`);
  }
}

function checkTaskInput(task: TaskDoc, path: Path, issues: Issues) {
  const r = TASK_INPUT_SCHEMAS[task.type].safeParse(task.input);
  if (!r.success) {
    for (const i of r.error.issues)
      issues.add([...path, 'input', ...i.path.map(String)], i.message);
  }
  if (task.type === 'K8S') {
    if (!task.endpoints?.kubernetesServer?.trim()) {
      issues.add(
        [...path, 'endpoints', 'kubernetesServer'],
        'a K8S task needs a Kubernetes endpoint',
      );
    }
    const text = task.input.yaml;
    if (typeof text === 'string' && text.trim()) {
      try {
        yaml.loadAll(text, () => undefined, { schema: yaml.CORE_SCHEMA });
      } catch (err) {
        const e = err as yaml.YAMLException;
        const line = yamlErrorLine(text, e.mark);
        const at = line ? ` (line ${line} of the manifest)` : '';
        issues.add(
          [...path, 'input', 'yaml'],
          `YAML does not parse${at}: ${e.reason ?? e.message}`,
        );
      }
    }
  }
  const exprFields: [Path, unknown][] = (EXPRESSION_FIELDS[task.type] ?? []).map((f) => [
    [...path, 'input', f],
    task.input[f],
  ]);
  if (task.preCondition !== undefined)
    exprFields.push([[...path, 'preCondition'], task.preCondition]);
  for (const [p, v] of exprFields) {
    if (typeof v !== 'string' || !v.trim()) continue;
    try {
      parseExpression(v);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      issues.add(p, `not a valid expression: ${err.message}`);
    }
  }
}

interface RefSite {
  path: Path;
  ref: BindingRef;
  /** The task the field belongs to (absent for pipeline outputs). */
  owner?: TaskPosition;
  allowLocal: boolean;
}

function collectRefs(doc: PipelineDoc, positions: Map<string, TaskPosition>): RefSite[] {
  const stageNames = Object.keys(doc.stages);
  const sites: RefSite[] = [];
  const push = (
    path: Path,
    value: unknown,
    owner: TaskPosition | undefined,
    allowLocal = false,
  ) => {
    for (const ref of extractBindingsDeep(value, stageNames))
      sites.push({ path, ref, owner, allowLocal });
  };
  for (const [stageName, stage] of Object.entries(doc.stages)) {
    for (const [taskName, task] of Object.entries(stage.tasks)) {
      const owner = positions.get(posKey(stageName, taskName));
      const base: Path = ['stages', stageName, 'tasks', taskName];
      for (const [k, v] of Object.entries(task.input)) {
        push([...base, 'input', k], v, owner, task.type === 'POLL' && k === 'successCondition');
      }
      if (task.preCondition) push([...base, 'preCondition'], task.preCondition, owner);
      if (task.endpoints) push([...base, 'endpoints'], task.endpoints, owner);
    }
  }
  for (const [k, v] of Object.entries(doc.output)) push(['output', k], v, undefined);
  return sites;
}

function checkBindings(doc: PipelineDoc, opts: ValidateOptions, issues: Issues) {
  const positions = taskPositions(doc);
  const sites = collectRefs(doc, positions);
  const usesOf = (stage: string, task: string) =>
    sites.filter(
      (s) => s.owner?.stage === stage && s.owner.task === task && s.ref.kind === 'output',
    );
  for (const { path, ref, owner, allowLocal } of sites) {
    switch (ref.kind) {
      case 'input':
        if (!(ref.name in doc.input))
          issues.add(path, `${ref.raw}: there is no input "${ref.name}"`);
        break;
      case 'var':
        if (opts.variableNames && !opts.variableNames.has(ref.name)) {
          issues.add(path, `${ref.raw}: the project has no variable "${ref.name}"`);
        }
        break;
      case 'output': {
        const target = positions.get(posKey(ref.stage, ref.task));
        if (!target) {
          issues.add(path, `${ref.raw}: there is no task "${ref.task}" in stage "${ref.stage}"`);
        } else if (owner && !runsBefore(target, owner)) {
          const back = usesOf(ref.stage, ref.task).some(
            (s) =>
              s.ref.kind === 'output' && s.ref.stage === owner.stage && s.ref.task === owner.task,
          );
          const why =
            target === owner
              ? `a task cannot use its own output`
              : back
                ? `cycle: "${owner.task}" and "${ref.task}" use each other's output`
                : `task "${ref.task}" does not run before "${owner.task}"`;
          issues.add(path, `${ref.raw}: ${why}`);
        }
        break;
      }
      case 'local':
        if (!allowLocal)
          issues.add(path, `${ref.raw} is only available in a POLL successCondition`);
        break;
      case 'invalid':
        issues.add(path, ref.reason);
        break;
      default:
        break;
    }
  }
}

/**
 * Validates a parsed document. Returns the normalized document (defaults applied, auto-inject
 * inputs added) or the issues; `yamlText` adds line numbers to the issues.
 */
export function validatePipeline(
  raw: unknown,
  opts: ValidateOptions & { yamlText?: string } = {},
): { ok: true; doc: PipelineDoc } | { ok: false; issues: FieldIssue[] } {
  const issues = new Issues();
  const parsed = PipelineDocument.safeParse(raw);
  let doc: PipelineDoc | undefined;
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      issues.add(
        i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        i.message,
      );
  } else {
    doc = applyAutoInject(parsed.data);
    checkStructure(doc, issues);
    for (const [stageName, stage] of Object.entries(doc.stages)) {
      for (const [taskName, task] of Object.entries(stage.tasks)) {
        checkTaskInput(task, ['stages', stageName, 'tasks', taskName], issues);
      }
    }
    checkBindings(doc, opts, issues);
  }
  if (issues.list.length === 0 && doc) return { ok: true, doc };
  const text = opts.yamlText;
  return {
    ok: false,
    issues: issues.list.map(({ segments, path, message }) => {
      const line = text ? lineOfPath(text, segments) : undefined;
      return line ? { path, message, line } : { path, message };
    }),
  };
}
