'use client';

import { useState } from 'react';
import { FieldError } from '@/components/ui/states';
import { splitGroup } from '@/lib/pipeline/structure';
import { TASK_TYPES, type PipelineDoc } from '@/lib/schemas/pipeline';
import {
  addStage,
  addTask,
  deleteStage,
  deleteTask,
  moveGroup,
  moveTask,
  moveStage,
  renameStage,
  renameTask,
  setTask,
  uniqueName,
  type TaskTypeName,
} from './doc-ops';
import styles from './editor.module.css';
import { errorsUnder, type FieldErrors } from './fields';
import { TaskForm } from './task-form';

interface Props {
  doc: PipelineDoc;
  project: string | undefined;
  errors: FieldErrors;
  onChange: (doc: PipelineDoc) => void;
}

type Selected = { stage: string; task: string } | undefined;

/** "Add task" inline form: name + type, then Add. */
function AddTask({
  stage,
  onAdd,
  label,
}: {
  stage: string;
  label: string;
  onAdd: (name: string, type: TaskTypeName) => void;
}) {
  const [name, setName] = useState('');
  const [type, setType] = useState<TaskTypeName>('K8S');
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        className={styles.addTask}
        onClick={() => setOpen(true)}
        aria-label={`${label} in ${stage}`}
      >
        <span aria-hidden="true">+</span> {label}
      </button>
    );
  }
  return (
    <div className="row" role="group" aria-label={`${label} in ${stage}`}>
      <input
        aria-label="New task name"
        placeholder="Task name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <select
        aria-label="New task type"
        value={type}
        onChange={(e) => setType(e.target.value as TaskTypeName)}
      >
        {TASK_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <button
        type="button"
        className="primary"
        disabled={!name.trim()}
        onClick={() => {
          onAdd(name.trim(), type);
          setName('');
          setOpen(false);
        }}
      >
        Add
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </div>
  );
}

function StageCard({
  doc,
  stage,
  index,
  errors,
  selected,
  onSelect,
  onChange,
}: {
  doc: PipelineDoc;
  stage: string;
  index: number;
  errors: FieldErrors;
  selected: Selected;
  onSelect: (s: Selected) => void;
  onChange: (doc: PipelineDoc) => void;
}) {
  const s = doc.stages[stage];
  const [rename, setRename] = useState(stage);
  if (!s) return null;
  const base = `stages.${stage}`;
  const taken = Object.keys(s.tasks);
  const add = (name: string, type: TaskTypeName, group?: number) => {
    const unique = uniqueName(name, taken);
    onChange(addTask(doc, stage, unique, type, group));
    onSelect({ stage, task: unique });
  };
  return (
    <section className="card stack" aria-label={`Stage ${stage}`}>
      <div className="row">
        <h2 className="no-margin grow">
          {index + 1}. {stage}{' '}
          {errorsUnder(errors, base) > 0 && (
            <span className="badge bad">{errorsUnder(errors, base)} problem(s)</span>
          )}
        </h2>
        <button
          type="button"
          aria-label={`Move stage ${stage} up`}
          disabled={index === 0}
          onClick={() => onChange(moveStage(doc, stage, -1))}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={`Move stage ${stage} down`}
          disabled={index === doc.stageOrder.length - 1}
          onClick={() => onChange(moveStage(doc, stage, 1))}
        >
          ↓
        </button>
        <button
          type="button"
          className="danger"
          aria-label={`Delete stage ${stage}`}
          onClick={() => onChange(deleteStage(doc, stage))}
        >
          Delete stage
        </button>
      </div>
      <div className="row">
        <input
          aria-label={`Name of stage ${stage}`}
          value={rename}
          onChange={(e) => setRename(e.target.value)}
        />
        <button
          type="button"
          disabled={!rename.trim() || rename === stage || rename in doc.stages}
          onClick={() => {
            const to = rename.trim();
            onChange(renameStage(doc, stage, to));
            if (selected?.stage === stage) onSelect({ stage: to, task: selected.task });
          }}
        >
          Rename stage
        </button>
      </div>
      <FieldError
        message={errors[base] ?? errors[`${base}.tasks`] ?? errors[`${base}.taskOrder`]}
      />
      <ol className="stack">
        {s.taskOrder.map((entry, gi) => (
          <li key={`${gi}-${entry}`} aria-label={`Task group ${gi + 1} of ${stage}`}>
            <div className="row">
              {splitGroup(entry).map((t) => {
                const isSel = selected?.stage === stage && selected.task === t;
                const bad = errorsUnder(errors, `${base}.tasks.${t}`) > 0;
                return (
                  <button
                    key={t}
                    type="button"
                    className={isSel ? `primary ${styles.chip}` : styles.chip}
                    aria-pressed={isSel}
                    onClick={() => onSelect({ stage, task: t })}
                  >
                    {t} <span className={styles.chipType}>{s.tasks[t]?.type ?? '?'}</span>
                    {bad && <span className="badge bad">!</span>}
                  </button>
                );
              })}
              <AddTask
                stage={stage}
                label={`Add parallel task to group ${gi + 1}`}
                onAdd={(n, type) => add(n, type, gi)}
              />
              <button
                type="button"
                aria-label={`Move group ${gi + 1} of ${stage} up`}
                disabled={gi === 0}
                onClick={() => onChange(moveGroup(doc, stage, gi, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move group ${gi + 1} of ${stage} down`}
                disabled={gi === s.taskOrder.length - 1}
                onClick={() => onChange(moveGroup(doc, stage, gi, 1))}
              >
                ↓
              </button>
            </div>
            <FieldError message={errors[`${base}.taskOrder.${gi}`]} />
          </li>
        ))}
      </ol>
      <AddTask stage={stage} label="Add task" onAdd={(n, type) => add(n, type)} />
    </section>
  );
}

/** Stages in order, task groups in order, parallel tasks per group, and the selected task's form. */
export function ModelTab({ doc, project, errors, onChange }: Props) {
  const [selected, setSelected] = useState<Selected>();
  const [stageName, setStageName] = useState('');
  const task = selected ? doc.stages[selected.stage]?.tasks[selected.task] : undefined;
  return (
    <div className="stack">
      <FieldError message={errors.stageOrder ?? errors.stages} />
      {doc.stageOrder.length === 0 && (
        <p className="muted">No stages yet. A stage holds task groups that run in order.</p>
      )}
      {doc.stageOrder.map((stage, i) => (
        <StageCard
          key={stage}
          doc={doc}
          stage={stage}
          index={i}
          errors={errors}
          selected={selected}
          onSelect={setSelected}
          onChange={onChange}
        />
      ))}
      <div className="row">
        <input
          aria-label="New stage name"
          placeholder="Stage name"
          value={stageName}
          onChange={(e) => setStageName(e.target.value)}
        />
        <button
          type="button"
          disabled={!stageName.trim()}
          onClick={() => {
            onChange(addStage(doc, uniqueName(stageName.trim(), doc.stageOrder)));
            setStageName('');
          }}
        >
          Add stage
        </button>
      </div>
      {selected && task && (
        <TaskForm
          key={`${selected.stage}\u0000${selected.task}`}
          project={project}
          stage={selected.stage}
          name={selected.task}
          task={task}
          errors={errors}
          onChange={(t) => onChange(setTask(doc, selected.stage, selected.task, t))}
          onRename={(to) => {
            if (doc.stages[selected.stage]?.tasks[to]) return;
            onChange(renameTask(doc, selected.stage, selected.task, to));
            setSelected({ stage: selected.stage, task: to });
          }}
          onDelete={() => {
            onChange(deleteTask(doc, selected.stage, selected.task));
            setSelected(undefined);
          }}
          groups={(doc.stages[selected.stage]?.taskOrder ?? []).map(splitGroup)}
          onMoveToGroup={(target) => onChange(moveTask(doc, selected.stage, selected.task, target))}
        />
      )}
    </div>
  );
}
