/**
 * Immutable edits of a pipeline document, as the editor makes them. Object key order is kept
 * (renames replace a key in place) so that what the user sees is what the YAML export shows.
 */
import {
  AUTO_INJECT_INPUTS,
  type AutoInject,
  type PipelineDoc,
  type TaskDoc,
} from '@/lib/schemas/pipeline';
import { defaultTaskInput } from '@/lib/pipeline/task-inputs';
import { renameReferences } from '@/lib/pipeline/rename-refs';
import { joinGroup, moveTaskToGroup, splitGroup } from '@/lib/pipeline/structure';

export type TaskTypeName = TaskDoc['type'];

export function emptyDocument(project?: string): PipelineDoc {
  return {
    kind: 'PIPELINE',
    ...(project && { project }),
    name: '',
    description: '',
    enabled: true,
    concurrency: 10,
    input: {},
    output: {},
    stageOrder: [],
    stages: {},
  };
}

/** Replaces key `from` by `to` at the same position. */
export function renameKey<V>(obj: Record<string, V>, from: string, to: string): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

export function uniqueName(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base} ${i}`)) return `${base} ${i}`;
}

export function setAutoInject(doc: PipelineDoc, kind: AutoInject | undefined): PipelineDoc {
  const previous = doc.autoInject ? AUTO_INJECT_INPUTS[doc.autoInject] : [];
  const input: PipelineDoc['input'] = {};
  for (const n of kind ? AUTO_INJECT_INPUTS[kind] : []) input[n] = doc.input[n] ?? '';
  for (const [k, v] of Object.entries(doc.input)) {
    if (!(k in input) && !previous.includes(k)) input[k] = v;
  }
  const next: PipelineDoc = { ...doc, input };
  if (kind) next.autoInject = kind;
  else delete next.autoInject;
  return next;
}

export function addStage(doc: PipelineDoc, name: string): PipelineDoc {
  return {
    ...doc,
    stageOrder: [...doc.stageOrder, name],
    stages: { ...doc.stages, [name]: { taskOrder: [], tasks: {} } },
  };
}

/** Renames a stage, and the `${Stage.Task.output.KEY}` bindings that refer to it. */
export function renameStage(doc: PipelineDoc, from: string, to: string): PipelineDoc {
  const renamed = renameReferences(doc, { stage: from }, { stage: to });
  return {
    ...renamed,
    stageOrder: renamed.stageOrder.map((s) => (s === from ? to : s)),
    stages: renameKey(renamed.stages, from, to),
  };
}

export function deleteStage(doc: PipelineDoc, name: string): PipelineDoc {
  const stages = { ...doc.stages };
  delete stages[name];
  return { ...doc, stageOrder: doc.stageOrder.filter((s) => s !== name), stages };
}

export function moveStage(doc: PipelineDoc, name: string, delta: number): PipelineDoc {
  return { ...doc, stageOrder: move(doc.stageOrder, doc.stageOrder.indexOf(name), delta) };
}

function updateStage(
  doc: PipelineDoc,
  stage: string,
  fn: (s: PipelineDoc['stages'][string]) => PipelineDoc['stages'][string],
): PipelineDoc {
  const s = doc.stages[stage];
  if (!s) return doc;
  return { ...doc, stages: { ...doc.stages, [stage]: fn(s) } };
}

/** Adds a task: in a new group at the end, or in parallel in group `group`. */
export function addTask(
  doc: PipelineDoc,
  stage: string,
  name: string,
  type: TaskTypeName,
  group?: number,
): PipelineDoc {
  const task: TaskDoc = { type, input: defaultTaskInput(type) };
  if (type === 'K8S') task.endpoints = { kubernetesServer: '' };
  return updateStage(doc, stage, (s) => {
    const taskOrder = [...s.taskOrder];
    if (group === undefined || !taskOrder[group]) taskOrder.push(name);
    else taskOrder[group] = joinGroup([...splitGroup(taskOrder[group]), name]);
    return { ...s, taskOrder, tasks: { ...s.tasks, [name]: task } };
  });
}

/** Renames a task, and the bindings (and K8S rollbackTask) that refer to it. */
export function renameTask(doc: PipelineDoc, stage: string, from: string, to: string): PipelineDoc {
  const renamed = renameReferences(doc, { stage, task: from }, { stage, task: to });
  return updateStage(renamed, stage, (s) => ({
    ...s,
    taskOrder: s.taskOrder.map((g) => joinGroup(splitGroup(g).map((t) => (t === from ? to : t)))),
    tasks: renameKey(s.tasks, from, to),
  }));
}

export function deleteTask(doc: PipelineDoc, stage: string, name: string): PipelineDoc {
  return updateStage(doc, stage, (s) => {
    const tasks = { ...s.tasks };
    delete tasks[name];
    const taskOrder = s.taskOrder
      .map((g) => joinGroup(splitGroup(g).filter((t) => t !== name)))
      .filter((g) => g.length > 0);
    return { ...s, taskOrder, tasks };
  });
}

export function moveGroup(
  doc: PipelineDoc,
  stage: string,
  index: number,
  delta: number,
): PipelineDoc {
  return updateStage(doc, stage, (s) => ({ ...s, taskOrder: move(s.taskOrder, index, delta) }));
}

/** Moves a task into group `target` of its stage (in parallel), or into a new group at the end. */
export function moveTask(
  doc: PipelineDoc,
  stage: string,
  task: string,
  target: number | 'end',
): PipelineDoc {
  return updateStage(doc, stage, (s) => ({
    ...s,
    taskOrder: moveTaskToGroup(s.taskOrder, task, target),
  }));
}

export function setTask(doc: PipelineDoc, stage: string, name: string, task: TaskDoc): PipelineDoc {
  return updateStage(doc, stage, (s) => ({ ...s, tasks: { ...s.tasks, [name]: task } }));
}

/** `${Stage.Task.output.}` prefixes of every task, for the Output tab's suggestions. */
export function outputPrefixes(doc: PipelineDoc): string[] {
  return doc.stageOrder.flatMap((s) =>
    Object.keys(doc.stages[s]?.tasks ?? {}).map((t) => `\${${s}.${t}.output.`),
  );
}
