'use client';

import { yaml as yamlLanguage } from '@codemirror/lang-yaml';
import CodeMirror from '@uiw/react-codemirror';
import { FieldError } from '@/components/ui/states';
import { K8S_ACTIONS } from '@/lib/pipeline/task-inputs';
import type { TaskDoc } from '@/lib/schemas/pipeline';
import { CheckField, numberOrText, SelectField, TextField, type FieldErrors } from './fields';
import { useEndpointOptions } from './queries';

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

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

/** The K8S task's fields: endpoint, action (ROLLBACK: which task to roll back to), options, YAML. */
export function K8sTaskFields({
  project,
  stage,
  name,
  task,
  errors,
  onChange,
  set,
}: {
  project: string | undefined;
  stage: string;
  name: string;
  task: TaskDoc;
  errors: FieldErrors;
  onChange: (task: TaskDoc) => void;
  set: (field: string, value: unknown) => void;
}) {
  const base = `stages.${stage}.tasks.${name}`;
  const err = (field: string) => errors[`${base}.input.${field}`];
  const input = task.input;
  return (
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
      {input.action === 'ROLLBACK' && (
        <TextField
          label="Roll back to task (optional)"
          value={str(input.rollbackTask)}
          onChange={(v) => set('rollbackTask', v.trim() ? v : undefined)}
          error={err('rollbackTask')}
          placeholder="Stage.Task"
          hint="Re-applies what that task applied in its last successful earlier execution. Empty: this task's own, or else the other K8S tasks of this stage."
        />
      )}
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
        <span id={`yaml-${stage}-${name}`}>Local definition (YAML, with ${'{…}'} bindings)</span>
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
  );
}
