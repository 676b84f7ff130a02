'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/states';
import { projectsQueryKey } from '@/components/shell/project-context';
import { apiFetch, ApiError } from '@/lib/client/api';
import { ProjectName, type ProjectDto } from '@/lib/schemas/project';
import { applyFieldErrors } from './format';

const Values = z.object({ name: ProjectName, description: z.string().max(2000) });
type Values = z.infer<typeof Values>;
const FIELDS = ['name', 'description'] as const;

/** Creates a project, or renames / re-describes one when `project` is given. */
export function ProjectFormDialog({
  open,
  onOpenChange,
  project,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  project?: ProjectDto;
  onSaved?: (p: ProjectDto) => void;
}) {
  const qc = useQueryClient();
  const [error, setError] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(Values),
    values: { name: project?.name ?? '', description: project?.description ?? '' },
  });
  const { register, handleSubmit, formState, reset } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    try {
      const saved = project
        ? await apiFetch<ProjectDto>(`/api/v1/projects/${project.id}`, {
            method: 'PATCH',
            json: values,
          })
        : await apiFetch<ProjectDto>('/api/v1/projects', { method: 'POST', json: values });
      // One key for everything about projects: the list here and the topbar switcher.
      await qc.invalidateQueries({ queryKey: projectsQueryKey });
      reset();
      onOpenChange(false);
      onSaved?.(saved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        form.setError('name', { type: 'server', message: err.message });
      } else if (
        err instanceof ApiError &&
        applyFieldErrors(err.fieldErrors(), FIELDS, form.setError)
      ) {
        return;
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    }
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          reset();
          setError(undefined);
        }
        onOpenChange(o);
      }}
      title={project ? `Edit project ${project.name}` : 'New project'}
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <label>
          Name
          <input
            {...register('name')}
            autoComplete="off"
            aria-invalid={formState.errors.name ? true : undefined}
          />
          <FieldError message={formState.errors.name?.message} />
        </label>
        <label>
          Description
          <textarea {...register('description')} rows={3} />
          <FieldError message={formState.errors.description?.message} />
        </label>
        <div className="row dialog-actions">
          <DialogClose asChild>
            <button type="button">Cancel</button>
          </DialogClose>
          <button className="primary" type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Saving…' : project ? 'Save changes' : 'Create project'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
