'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/states';
import { apiFetch, formErrors } from '@/lib/client/api';
import type { VariableDto } from '@/lib/schemas/variable';

export const variablesQueryKey = ['variables'] as const;
const TYPES = ['REGULAR', 'SECRET', 'RESTRICTED'] as const;

/**
 * Create or edit a variable. Secret values are write-only: editing one shows an empty field, and
 * leaving it empty keeps the stored value.
 */
export function VariableFormDialog({
  open,
  onOpenChange,
  project,
  variable,
  isAdmin,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  project: { id: string; name: string };
  variable?: VariableDto;
  isAdmin: boolean;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(variable?.name ?? '');
  const [type, setType] = useState<VariableDto['type']>(variable?.type ?? 'REGULAR');
  const [value, setValue] = useState(variable && variable.type === 'REGULAR' ? variable.value : '');
  const [description, setDescription] = useState(variable?.description ?? '');
  const [allowed, setAllowed] = useState(
    (variable?.allowedPipelines ?? []).map((p) => p.name).join(', '),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const secret = type !== 'REGULAR';
  const keepsValue = !!variable && variable.type !== 'REGULAR' && value === '';

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(undefined);
    const allowedPipelines =
      type === 'RESTRICTED' && isAdmin
        ? allowed
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
    try {
      if (variable) {
        await apiFetch(`/api/v1/variables/${variable.id}`, {
          method: 'PATCH',
          json: {
            name,
            type,
            description,
            ...(!keepsValue && { value }),
            ...(allowedPipelines && { allowedPipelines }),
          },
        });
      } else {
        await apiFetch('/api/v1/variables', {
          method: 'POST',
          json: {
            project: project.id,
            name,
            type,
            value,
            description,
            ...(allowedPipelines && { allowedPipelines }),
          },
        });
      }
      await qc.invalidateQueries({ queryKey: variablesQueryKey });
      onOpenChange(false);
    } catch (err) {
      const shown = formErrors(err);
      setErrors(shown.fields);
      setError(shown.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={variable ? `Edit variable ${variable.name}` : `New variable in ${project.name}`}
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            aria-invalid={!!errors.name}
          />
          <FieldError message={errors.name} />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value as VariableDto['type'])}>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <FieldError message={errors.type} />
        </label>
        <label>
          Value
          <input
            type={secret ? 'password' : 'text'}
            autoComplete="off"
            value={value}
            placeholder={
              variable && variable.type !== 'REGULAR'
                ? 'Leave empty to keep the stored value'
                : undefined
            }
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!!errors.value}
          />
          {secret && (
            <span className="muted small">Stored encrypted; it is never shown again.</span>
          )}
          <FieldError message={errors.value} />
        </label>
        <label>
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        {type === 'RESTRICTED' && (
          <label>
            Allowed pipelines (names, comma-separated)
            <input
              value={allowed}
              disabled={!isAdmin}
              onChange={(e) => setAllowed(e.target.value)}
            />
            {!isAdmin && (
              <span className="muted small">
                Only project administrators choose the allowed pipelines.
              </span>
            )}
            <FieldError
              message={Object.entries(errors).find(([k]) => k.startsWith('allowedPipelines'))?.[1]}
            />
          </label>
        )}
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <div className="row dialog-actions">
          <DialogClose asChild>
            <button type="button">Cancel</button>
          </DialogClose>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save variable'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
