/**
 * Renaming a stage or task keeps the document's references to it working: every
 * `${Stage.Task.output.KEY}` binding (pipeline outputs, task inputs, preConditions) and every K8S
 * `rollbackTask` ("Task" or "Stage.Task") that names the old name is rewritten to the new one.
 */
import type { PipelineDoc, TaskDoc } from '@/lib/schemas/pipeline';
import { BINDING_PATTERN, parseBindingBody } from './binding-refs';

/** What is renamed: a stage (`task` absent) or one task of a stage. */
export interface RenameTarget {
  stage: string;
  task?: string;
}

interface Rename {
  from: RenameTarget;
  to: RenameTarget;
  stageNames: readonly string[];
}

function renamedRef(stage: string, task: string, r: Rename): { stage: string; task: string } {
  if (stage !== r.from.stage) return { stage, task };
  if (r.from.task === undefined) return { stage: r.to.stage, task };
  return task === r.from.task ? { stage, task: r.to.task ?? task } : { stage, task };
}

/** Rewrites the output bindings in one string that refer to the renamed stage/task. */
function renameInText(text: string, r: Rename): string {
  if (!text.includes('${')) return text;
  return text.replace(BINDING_PATTERN, (whole, body: string) => {
    const ref = parseBindingBody(body, r.stageNames);
    if (ref.kind !== 'output') return whole;
    const next = renamedRef(ref.stage, ref.task, r);
    if (next.stage === ref.stage && next.task === ref.task) return whole;
    return `\${${next.stage}.${next.task}.output.${ref.key}}`;
  });
}

function renameDeep(value: unknown, r: Rename): unknown {
  if (typeof value === 'string') return renameInText(value, r);
  if (Array.isArray(value)) return value.map((v) => renameDeep(v, r));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[renameInText(k, r)] = renameDeep(v, r);
    return out;
  }
  return value;
}

/** K8S `rollbackTask`: "Task" means a task of the same stage, "Stage.Task" any task. */
function renameRollbackTask(value: unknown, ownStage: string, r: Rename): unknown {
  if (typeof value !== 'string' || !value) return value;
  const stage = r.stageNames.find((s) => value.startsWith(s + '.') && value.length > s.length + 1);
  if (!stage) {
    const next = renamedRef(ownStage, value, r);
    return next.task;
  }
  const next = renamedRef(stage, value.slice(stage.length + 1), r);
  return `${next.stage}.${next.task}`;
}

function renameInTask(task: TaskDoc, ownStage: string, r: Rename): TaskDoc {
  const input = renameDeep(task.input, r) as TaskDoc['input'];
  if (task.type === 'K8S' && 'rollbackTask' in input) {
    input.rollbackTask = renameRollbackTask(input.rollbackTask, ownStage, r);
  }
  const out: TaskDoc = { ...task, input };
  if (task.preCondition !== undefined) out.preCondition = renameInText(task.preCondition, r);
  return out;
}

/**
 * The document with references to `from` rewritten to `to` (the stage/task itself must be renamed
 * separately, before or after: stage names are read from `stageOrder`, old or new).
 */
export function renameReferences(
  doc: PipelineDoc,
  from: RenameTarget,
  to: RenameTarget,
): PipelineDoc {
  if (from.stage === to.stage && from.task === to.task) return doc;
  const stageNames = [...new Set([...doc.stageOrder, from.stage])].sort(
    (a, b) => b.length - a.length,
  );
  const r: Rename = { from, to, stageNames };
  const stages: PipelineDoc['stages'] = {};
  for (const [name, stage] of Object.entries(doc.stages)) {
    const ownStage = name === to.stage && from.task === undefined ? from.stage : name;
    const tasks: typeof stage.tasks = {};
    for (const [t, task] of Object.entries(stage.tasks)) {
      tasks[t] = renameInTask(task, ownStage, r);
    }
    stages[name] = { ...stage, tasks };
  }
  return { ...doc, output: renameDeep(doc.output, r) as PipelineDoc['output'], stages };
}
