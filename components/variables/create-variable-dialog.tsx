'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCurrentProject } from '@/components/shell/project-context';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/states';
import { apiFetch, formErrors } from '@/lib/client/api';
import type { VariableDto } from '@/lib/schemas/variable';
import { variablesQueryKey } from './variable-form-dialog';

/**
 * Stores `value` (e.g. a freshly generated API token) as a SECRET variable: asks for a project
 * and a name. The value is never shown here.
 */
export function CreateVariableDialog({
  open,
  onOpenChange,
  value,
  defaultName,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  value: string;
  defaultName?: string;
  onCreated?: (variable: { id: string; name: string }) => void;
}) {
  const qc = useQueryClient();
  const { projects, current } = useCurrentProject();
  const writable = projects.filter((p) => p.role === 'ADMIN' || p.role === 'DEVELOPER');
  const [project, setProject] = useState('');
  const [name, setName] = useState(defaultName ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const chosen =
    project ||
    (current && writable.some((p) => p.id === current.id) ? current.id : (writable[0]?.id ?? ''));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      const v = await apiFetch<VariableDto>('/api/v1/variables', {
        method: 'POST',
        json: { project: chosen, name, type: 'SECRET', value, description: '' },
      });
      await qc.invalidateQueries({ queryKey: variablesQueryKey });
      onCreated?.({ id: v.id, name: v.name });
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
      title="Create variable"
      description="Stores the value as a SECRET variable of a project."
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          Project
          <select
            value={chosen}
            onChange={(e) => setProject(e.target.value)}
            required
            aria-invalid={!!errors.project}
          >
            {writable.length === 0 && <option value="">No project you can write to</option>}
            {writable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <FieldError message={errors.project} />
        </label>
        <label>
          Variable name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            aria-invalid={!!errors.name}
          />
          <FieldError message={errors.name} />
        </label>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <div className="row dialog-actions">
          <DialogClose asChild>
            <button type="button">Cancel</button>
          </DialogClose>
          <button type="submit" className="primary" disabled={busy || !chosen || !value}>
            {busy ? 'Creating…' : 'Create secret variable'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
