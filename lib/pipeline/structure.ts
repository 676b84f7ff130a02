/**
 * The run order of a pipeline document: stages in `stageOrder`, groups in `taskOrder` (names
 * joined by commas run in parallel). Used by validation, the editor and the runner.
 */
import type { PipelineDoc, StageDoc } from '@/lib/schemas/pipeline';

export interface TaskPosition {
  stage: string;
  task: string;
  stageIndex: number;
  groupIndex: number;
}

/** Splits one `taskOrder` entry into the names of its parallel tasks. */
export const splitGroup = (entry: string): string[] =>
  entry
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const joinGroup = (names: readonly string[]): string => names.join(', ');

/** The groups of a stage, each a list of task names. */
export const stageGroups = (stage: Pick<StageDoc, 'taskOrder'>): string[][] =>
  stage.taskOrder.map(splitGroup).filter((g) => g.length > 0);

/** Where every task runs; key `stage\u0000task`. Tasks missing from taskOrder are absent. */
export function taskPositions(doc: Pick<PipelineDoc, 'stageOrder' | 'stages'>) {
  const positions = new Map<string, TaskPosition>();
  doc.stageOrder.forEach((stage, stageIndex) => {
    const s = doc.stages[stage];
    if (!s) return;
    stageGroups(s).forEach((group, groupIndex) => {
      for (const task of group) {
        if (s.tasks[task])
          positions.set(posKey(stage, task), { stage, task, stageIndex, groupIndex });
      }
    });
  });
  return positions;
}

export const posKey = (stage: string, task: string) => `${stage}\u0000${task}`;

/** True when `a` finishes before `b` starts. */
export const runsBefore = (a: TaskPosition, b: TaskPosition): boolean =>
  a.stageIndex < b.stageIndex || (a.stageIndex === b.stageIndex && a.groupIndex < b.groupIndex);

/**
 * A stage's `taskOrder` with `task` moved into group `target` (an index of `taskOrder` as it is
 * now), to run in parallel with that group's tasks, or into a new group of its own at the end.
 * A group the task leaves empty is dropped. Unknown task or target: `taskOrder` unchanged.
 */
export function moveTaskToGroup(
  taskOrder: readonly string[],
  task: string,
  target: number | 'end',
): string[] {
  const groups = taskOrder.map(splitGroup);
  const from = groups.findIndex((g) => g.includes(task));
  if (from < 0 || target === from) return [...taskOrder];
  if (target !== 'end' && !groups[target]) return [...taskOrder];
  groups[from] = groups[from]!.filter((t) => t !== task);
  if (target === 'end') groups.push([task]);
  else groups[target]!.push(task);
  return groups.filter((g) => g.length > 0).map(joinGroup);
}
