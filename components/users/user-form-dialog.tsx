'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { applyFieldErrors } from '@/components/projects/format';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/states';
import { apiFetch, ApiError } from '@/lib/client/api';
import { Email, Name, Password } from '@/lib/schemas/common';
import type { UserDto } from '@/lib/schemas/user';

export const usersQueryKey = ['users'] as const;
const FIELDS = ['email', 'name', 'password', 'admin'] as const;

// Editing keeps the password unless a new one is typed.
const Values = z.object({
  email: Email,
  name: Name,
  password: z.union([z.literal(''), Password]),
  admin: z.boolean(),
});
type Values = z.input<typeof Values>;

/** Adds a user, or edits one when `user` is given. */
export function UserFormDialog({
  open,
  onOpenChange,
  user,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  user?: UserDto;
}) {
  const qc = useQueryClient();
  const [error, setError] = useState<string>();
  const form = useForm<Values, unknown, z.output<typeof Values>>({
    resolver: zodResolver(Values),
    values: {
      email: user?.email ?? '',
      name: user?.name ?? '',
      password: '',
      admin: user?.admin ?? false,
    },
  });
  const { register, handleSubmit, formState, reset } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    if (!user && !values.password) {
      form.setError('password', { type: 'required', message: 'must be at least 8 characters' });
      return;
    }
    const { password, ...rest } = values;
    const json = password ? { ...rest, password } : rest;
    try {
      if (user) {
        await apiFetch(`/api/v1/users/${user.id}`, { method: 'PATCH', json });
      } else {
        await apiFetch('/api/v1/users', { method: 'POST', json });
      }
      await qc.invalidateQueries({ queryKey: usersQueryKey });
      reset();
      onOpenChange(false);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && /email/i.test(err.message)) {
        form.setError('email', { type: 'server', message: err.message });
      } else if (!(
        err instanceof ApiError && applyFieldErrors(err.fieldErrors(), FIELDS, form.setError)
      )) {
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
      title={user ? `Edit ${user.email}` : 'Add user'}
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <label>
          Email
          <input {...register('email')} type="email" autoComplete="off" />
          <FieldError message={formState.errors.email?.message} />
        </label>
        <label>
          Name
          <input {...register('name')} autoComplete="off" />
          <FieldError message={formState.errors.name?.message} />
        </label>
        <label>
          {user ? 'New password (leave empty to keep)' : 'Password'}
          <input {...register('password')} type="password" autoComplete="new-password" />
          <FieldError message={formState.errors.password?.message} />
        </label>
        <label className="inline">
          <input {...register('admin')} type="checkbox" />
          Administrator (manages users and sees every project)
        </label>
        <div className="row dialog-actions">
          <DialogClose asChild>
            <button type="button">Cancel</button>
          </DialogClose>
          <button className="primary" type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Saving…' : user ? 'Save changes' : 'Add user'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
