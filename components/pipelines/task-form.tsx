'use client';

import { yaml as yamlLanguage } from '@codemirror/lang-yaml';
import CodeMirror from '@uiw/react-codemirror';
import { useState } from 'react';
import { FieldError } from '@/components/ui/states';
import { K8S_ACTIONS, REST_ACTIONS } from '@/lib/pipeline/task-inputs';
import type { TaskDoc } from '@/lib/schemas/pipeline';
import {
  AreaField,
  CheckField,
  numberOrText,
  SelectField,
  TextField,
  type FieldErrors,
} from './fields';
import { useEndpointOptions } from './queries';

interface Props {
  project: string | undefined;
  stage: string;
  name: string;
  task: TaskDoc;
  errors: FieldErrors;
  onChange: (task: TaskDoc) => void;
  onRename: (to: string) => void;
  onDelete: () => void;
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

/** A select of the project's endpoints; a text field when they cannot be listed. */
function EndpointField({
  label,
  project,
  type,
  value,
  onChange,
  error,
  optional,
}: {
  label: string;
  project: string | undefined;
  type: 'KUBERNETES' | 'DOCKER_REGISTRY';
  value: string;
  onChange: (v: string) => void;
  error?: string;
  optional?: boolean;
}) {
  const q = useEndpointOptions(project, type);
  if (q.error || !q.data) {
    return (
      <TextField
        label={label}
        value={value}
        onChange={onChange}
        error={error}
        hint={q.error ? 'Endpoints could not be listed; type the endpoint name.' : undefined}
      />
    );
  }
  const names = q.data.map((e) => e.name);
  const options = [
    { value: '', label: optional ? 'None' : 'Choose an endpoint…' },
    ...(value && !names.includes(value) ? [{ value, label: `${value} (not found)` }] : []),
    ...names.map((n) => ({ value: n, label: n })),
  ];
  return (
    <SelectField label={label} value={value} options={options} onChange={onChange} error={error} />
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
      {errors[`${base}.type`] && <FieldError message={errors[`${base}.type`]} />}

      {task.type === 'K8S' && (
        <>
          <EndpointField
            label="Cluster endpoint"
            project={project}
            type="KUBERNETES"
            value={str(task.endpoints?.kubernetesServer)}
            onChange={(v) =>
              onChange({ ...task, endpoints: { ...task.endpoints, kubernetesServer: v } })
            }
            error={errors[`${base}.endpoints.kubernetesServer`]}
          />
          <SelectField
            label="Action"
            value={str(input.action) || 'APPLY'}
            options={K8S_ACTIONS}
            onChange={(v) => set('action', v)}
            error={err('action')}
          />
          <TextField
            label="Namespace"
            value={str(input.namespace)}
            onChange={(v) => set('namespace', v || undefined)}
            error={err('namespace')}
          />
          <TextField
            label="Timeout (minutes)"
            value={str(input.timeout)}
            onChange={(v) => set('timeout', numberOrText(v))}
            error={err('timeout')}
          />
          <CheckField
            label="Wait for rollout"
            checked={input.waitForRollout !== false}
            onChange={(v) => set('waitForRollout', v)}
          />
          <CheckField
            label="Continue when the object exists (CREATE)"
            checked={input.continueOnConflict === true}
            onChange={(v) => set('continueOnConflict', v || undefined)}
          />
          <EndpointField
            label="Image pull secret from registry endpoint"
            project={project}
            type="DOCKER_REGISTRY"
            optional
            value={str(input.imagePullSecretFrom)}
            onChange={(v) => set('imagePullSecretFrom', v || undefined)}
            error={err('imagePullSecretFrom')}
          />
          <div className="stack">
            <span id={`yaml-${stage}-${name}`}>
              Local definition (YAML, with ${'{…}'} bindings)
            </span>
            <CodeMirror
              value={str(input.yaml)}
              height="240px"
              extensions={[yamlLanguage()]}
              aria-labelledby={`yaml-${stage}-${name}`}
              onChange={(v) => set('yaml', v)}
            />
            <FieldError message={err('yaml')} />
          </div>
        </>
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
