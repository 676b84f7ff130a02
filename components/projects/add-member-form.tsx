'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FieldError } from '@/components/ui/states';
import { apiFetch, ApiError } from '@/lib/client/api';
import { AddMemberInput, type MemberDto } from '@/lib/schemas/project';
import { ROLE_HELP, ROLE_OPTIONS } from './roles';
import { applyFieldErrors } from './format';

type Values = z.input<typeof AddMemberInput>;

/** Adds a member by email (or changes the role of one already there). */
export function AddMemberForm({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const headingId = useId();
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(AddMemberInput),
    defaultValues: { email: '', role: 'DEVELOPER' },
  });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    setAdded(undefined);
    try {
      const m = await apiFetch<MemberDto>(`/api/v1/projects/${projectId}/members`, {
        method: 'POST',
        json: values,
      });
      await qc.invalidateQueries({ queryKey: ['projects', projectId, 'members'] });
      form.reset({ email: '', role: values.role });
      setAdded(`${m.email} is now ${m.role}.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        form.setError('email', {
          type: 'server',
          message: 'No user has this email; an administrator can add them on the Users page.',
        });
      } else if (!(
        err instanceof ApiError &&
        applyFieldErrors(err.fieldErrors(), ['email', 'role'], form.setError)
      )) {
        setError(err instanceof Error ? err.message : String(err));
      }
    }
  });

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        Add a member
      </h2>
      <form className="form form-inline" onSubmit={onSubmit} noValidate>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        {added && (
          <div className="alert ok" role="status">
            {added}
          </div>
        )}
        <div className="row row-top">
          <label className="grow">
            Member email
            <input {...register('email')} type="email" autoComplete="off" />
            <FieldError message={formState.errors.email?.message} />
          </label>
          <label>
            Role
            <select
              {...register('role')}
              aria-label="Member role"
              aria-describedby={`${headingId}-roles`}
            >
              {ROLE_OPTIONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <FieldError message={formState.errors.role?.message} />
          </label>
          <button className="primary align-end" type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Adding…' : 'Add member'}
          </button>
        </div>
        <p id={`${headingId}-roles`} className="muted small">
          {ROLE_OPTIONS.map((r) => `${r}: ${ROLE_HELP[r]}`).join(' · ')}
        </p>
      </form>
    </section>
  );
}
