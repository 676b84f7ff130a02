'use client';

import { useState } from 'react';
import { FieldError } from '@/components/ui/states';
import { REST_ACTIONS } from '@/lib/pipeline/task-inputs';
import type { TaskDoc } from '@/lib/schemas/pipeline';
import {
  AreaField,
  CheckField,
  numberOrText,
  SelectField,
  TextField,
  type FieldErrors,
} from './fields';
import { K8sTaskFields } from './k8s-task-fields';

interface Props {
  project: string | undefined;
  stage: string;
  name: string;
  task: TaskDoc;
  errors: FieldErrors;
  onChange: (task: TaskDoc) => void;
  onRename: (to: string) => void;
  onDelete: () => void;
  /** The stage's groups (task names), in run order. */
  groups: string[][];
  /** Into group `target` (in parallel with its tasks) or a new group at the end. */
  onMoveToGroup: (target: number | 'end') => void;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function headersToText(h: unknown): string {
  if (!h || typeof h !== 'object') return '';
  return Object.entries(h as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${str(v)}`)
    .join('\n');
}

function textToHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** URL and headers: the request part that REST and POLL tasks share. */
function RequestFields({
  input,
  set,
  err,
}: {
  input: Record<string, unknown>;
  set: (field: string, value: unknown) => void;
  err: (field: string) => string | undefined;
}) {
  return (
    <>
      <TextField
        label="URL"
        value={str(input.url)}
        onChange={(v) => set('url', v)}
        error={err('url')}
        mono
      />
      <AreaField
        label="Headers (one “Name: value” per line)"
        value={headersToText(input.headers)}
        onChange={(v) => set('headers', textToHeaders(v))}
        error={err('headers')}
      />
    </>
  );
}

/** Which group of its stage the task runs in: tasks of one group run in parallel. */
function GroupField({
  name,
  groups,
  onMove,
}: {
  name: string;
  groups: string[][];
  onMove: (target: number | 'end') => void;
}) {
  const current = groups.findIndex((g) => g.includes(name));
  const options = [
    ...groups.map((g, i) => {
      const others = g.filter((t) => t !== name);
      const label =
        i === current
          ? `Group ${i + 1}${others.length ? `, with ${others.join(', ')}` : ''} (now)`
          : `Group ${i + 1}, in parallel with ${others.join(', ')}`;
      return { value: String(i), label };
    }),
    { value: 'end', label: 'A new group of its own, at the end of the stage' },
  ];
  return (
    <SelectField
      label="Runs in"
      value={String(current)}
      options={options}
      onChange={(v) => onMove(v === 'end' ? 'end' : Number(v))}
    />
  );
}

export function TaskForm({
  project,
  stage,
  name,
  task,
  errors,
  onChange,
  onRename,
  onDelete,
  groups,
  onMoveToGroup,
}: Props) {
  const [newName, setNewName] = useState(name);
  const base = `stages.${stage}.tasks.${name}`;
  const err = (field: string) => errors[`${base}.input.${field}`];
  const input = task.input;
  const set = (field: string, value: unknown) => {
    const next = { ...input };
    if (value === undefined) delete next[field];
    else next[field] = value;
    onChange({ ...task, input: next });
  };

  return (
    <section className="card stack" aria-label={`Task ${name}`}>
      <div className="row">
        <h3 className="no-margin grow">
          {name} <span className="badge">{task.type}</span>
        </h3>
        <button type="button" className="danger" onClick={onDelete}>
          Delete task
        </button>
      </div>
      <div className="row row-top">
        <TextField label="Task name" value={newName} onChange={setNewName} error={errors[base]} />
        <button
          type="button"
          disabled={!newName.trim() || newName === name}
          onClick={() => onRename(newName.trim())}
        >
          Rename task
        </button>
      </div>
      <GroupField name={name} groups={groups} onMove={onMoveToGroup} />
      {errors[`${base}.type`] && <FieldError message={errors[`${base}.type`]} />}

      {task.type === 'K8S' && (
        <K8sTaskFields
          project={project}
          stage={stage}
          name={name}
          task={task}
          errors={errors}
          onChange={onChange}
          set={set}
        />
      )}

      {task.type === 'REST' && (
        <>
          <SelectField
            label="Action"
            value={str(input.action) || 'get'}
            options={REST_ACTIONS}
            onChange={(v) => set('action', v)}
            error={err('action')}
          />
          <RequestFields input={input} set={set} err={err} />
          <AreaField
            label="Payload"
            value={
              typeof input.payload === 'object'
                ? JSON.stringify(input.payload, null, 2)
                : str(input.payload)
            }
            onChange={(v) => set('payload', v || undefined)}
            error={err('payload')}
          />
        </>
      )}

      {task.type === 'POLL' && (
        <>
          <RequestFields input={input} set={set} err={err} />
          <TextField
            label="Interval (seconds)"
            value={str(input.intervalSeconds)}
            onChange={(v) => set('intervalSeconds', numberOrText(v))}
            error={err('intervalSeconds')}
          />
          <TextField
            label="Timeout (minutes)"
            value={str(input.timeoutMinutes)}
            onChange={(v) => set('timeoutMinutes', numberOrText(v))}
            error={err('timeoutMinutes')}
          />
          <TextField
            label="Success condition"
            value={str(input.successCondition)}
            onChange={(v) => set('successCondition', v)}
            error={err('successCondition')}
            mono
            placeholder="${response.status} == 200"
          />
        </>
      )}

      {task.type === 'CONDITION' && (
        <TextField
          label="Condition"
          value={str(input.condition)}
          onChange={(v) => set('condition', v)}
          error={err('condition')}
          mono
          placeholder='${input.DOCKER_TAG} != "latest"'
        />
      )}

      {task.type === 'USER_OPERATION' && (
        <>
          <TextField
            label="Approvers (emails, comma-separated; empty = any EXECUTOR)"
            value={
              Array.isArray(input.approvers) ? input.approvers.join(', ') : str(input.approvers)
            }
            onChange={(v) =>
              set(
                'approvers',
                v
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              )
            }
            error={err('approvers')}
          />
          <TextField
            label="Summary"
            value={str(input.summary)}
            onChange={(v) => set('summary', v)}
            error={err('summary')}
          />
          <AreaField
            label="Description"
            value={str(input.description)}
            onChange={(v) => set('description', v)}
            error={err('description')}
          />
          <TextField
            label="Expires after (hours)"
            value={str(input.expirationHours)}
            onChange={(v) => set('expirationHours', numberOrText(v))}
            error={err('expirationHours')}
          />
        </>
      )}

      <TextField
        label="Precondition (the task is skipped unless it is true)"
        value={str(task.preCondition)}
        mono
        onChange={(v) => {
          const next = { ...task };
          if (v) next.preCondition = v;
          else delete next.preCondition;
          onChange(next);
        }}
        error={errors[`${base}.preCondition`]}
      />
      <CheckField
        label="Ignore failure (the pipeline continues)"
        checked={task.ignoreFailure === true}
        onChange={(v) => {
          const next = { ...task };
          if (v) next.ignoreFailure = true;
          else delete next.ignoreFailure;
          onChange(next);
        }}
      />
    </section>
  );
}
