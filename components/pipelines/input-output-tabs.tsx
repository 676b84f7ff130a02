'use client';

import { useState } from 'react';
import { FieldError } from '@/components/ui/states';
import {
  AUTO_INJECT,
  AUTO_INJECT_INPUTS,
  type AutoInject,
  type PipelineDoc,
} from '@/lib/schemas/pipeline';
import { outputPrefixes, renameKey, setAutoInject } from './doc-ops';
import { SelectField, TextField, type FieldErrors } from './fields';

interface Props {
  doc: PipelineDoc;
  errors: FieldErrors;
  onChange: (doc: PipelineDoc) => void;
}

const AUTO_LABEL: Record<AutoInject, string> = { DOCKER: 'Docker', GIT: 'Git', GERRIT: 'Gerrit' };

/** Auto-inject choice, custom inputs (default, description, mandatory) and concurrency. */
export function InputTab({ doc, errors, onChange }: Props) {
  const [name, setName] = useState('');
  const injected: readonly string[] = doc.autoInject ? AUTO_INJECT_INPUTS[doc.autoInject] : [];
  const meta = doc._inputMeta ?? {};
  const setMeta = (input: string, patch: { description?: string; mandatory?: boolean }) => {
    const m = { ...meta, [input]: { ...meta[input], ...patch } };
    onChange({ ...doc, _inputMeta: m });
  };
  const remove = (input: string) => {
    const next = { ...doc, input: { ...doc.input } };
    delete next.input[input];
    if (next._inputMeta) {
      next._inputMeta = { ...next._inputMeta };
      delete next._inputMeta[input];
      if (Object.keys(next._inputMeta).length === 0) delete next._inputMeta;
    }
    onChange(next);
  };
  return (
    <div className="stack">
      <SelectField
        label="Auto-inject parameters"
        value={doc.autoInject ?? ''}
        options={[
          { value: '', label: 'None' },
          ...AUTO_INJECT.map((k) => ({ value: k, label: AUTO_LABEL[k] })),
        ]}
        onChange={(v) => onChange(setAutoInject(doc, (v || undefined) as AutoInject | undefined))}
        error={errors.autoInject}
      />
      <TextField
        label="Concurrent executions"
        type="number"
        value={String(doc.concurrency)}
        onChange={(v) => onChange({ ...doc, concurrency: Number(v) })}
        error={errors.concurrency}
      />
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Input parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Default</th>
              <th scope="col">Description</th>
              <th scope="col">Mandatory</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(doc.input).map(([k, v]) => (
              <tr key={k} data-testid={`input-row-${k}`}>
                <td className="mono">
                  {k}
                  {injected.includes(k) && <span className="badge">auto</span>}
                  <FieldError message={errors[`input.${k}`]} />
                </td>
                <td>
                  <input
                    aria-label={`Default of ${k}`}
                    value={String(v)}
                    onChange={(e) =>
                      onChange({ ...doc, input: { ...doc.input, [k]: e.target.value } })
                    }
                  />
                </td>
                <td>
                  <input
                    aria-label={`Description of ${k}`}
                    value={meta[k]?.description ?? ''}
                    onChange={(e) => setMeta(k, { description: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${k} is mandatory`}
                    checked={meta[k]?.mandatory === true}
                    onChange={(e) => setMeta(k, { mandatory: e.target.checked })}
                  />
                </td>
                <td>
                  {!injected.includes(k) && (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove input ${k}`}
                      onClick={() => remove(k)}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <input
          aria-label="New input name"
          placeholder="NAME"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          disabled={!name.trim() || name.trim() in doc.input}
          onClick={() => {
            onChange({ ...doc, input: { ...doc.input, [name.trim()]: '' } });
            setName('');
          }}
        >
          Add input
        </button>
      </div>
    </div>
  );
}

/** Pipeline outputs, each bound to a task output. */
export function OutputTab({ doc, errors, onChange }: Props) {
  const [name, setName] = useState('');
  const prefixes = outputPrefixes(doc);
  return (
    <div className="stack">
      <datalist id="task-output-bindings">
        {prefixes.map((p) => (
          <option key={p} value={`${p}KEY}`} />
        ))}
      </datalist>
      {Object.keys(doc.output).length === 0 && (
        <p className="muted">No outputs. An output names a value a task produced.</p>
      )}
      {Object.entries(doc.output).map(([k, v]) => (
        <div className="row row-top" key={k}>
          <input
            aria-label={`Name of output ${k}`}
            defaultValue={k}
            onBlur={(e) => {
              const to = e.target.value.trim();
              if (to && to !== k && !(to in doc.output))
                onChange({ ...doc, output: renameKey(doc.output, k, to) });
            }}
          />
          <label className="grow">
            <span className="sr-only">Binding of {k}</span>
            <input
              className="mono"
              list="task-output-bindings"
              aria-label={`Binding of ${k}`}
              value={v}
              placeholder="${Stage.Task.output.KEY}"
              onChange={(e) => onChange({ ...doc, output: { ...doc.output, [k]: e.target.value } })}
            />
            <FieldError message={errors[`output.${k}`]} />
          </label>
          <button
            type="button"
            className="danger"
            aria-label={`Remove output ${k}`}
            onClick={() => {
              const output = { ...doc.output };
              delete output[k];
              onChange({ ...doc, output });
            }}
          >
            Remove
          </button>
        </div>
      ))}
      <div className="row">
        <input
          aria-label="New output name"
          placeholder="NAME"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          disabled={!name.trim() || name.trim() in doc.output}
          onClick={() => {
            onChange({
              ...doc,
              output: { ...doc.output, [name.trim()]: prefixes[0] ? `${prefixes[0]}KEY}` : '' },
            });
            setName('');
          }}
        >
          Add output
        </button>
      </div>
    </div>
  );
}
