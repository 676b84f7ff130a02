'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { apiFetch, ApiError } from '@/lib/client/api';
import { SetupInput } from '@/lib/schemas/user';
import { FieldError } from '@/components/ui/states';

type Values = z.input<typeof SetupInput>;

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(SetupInput),
  });

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    try {
      await apiFetch('/api/v1/setup', { method: 'POST', json: values });
      const res = await signIn('credentials', {
        email: values.email,
        password: values.password,
        redirect: false,
      });
      if (res?.error) throw new Error(res.error);
      router.push('/projects');
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        router.push('/login');
        return;
      }
      setError(err instanceof Error ? err.message : String(err));
    }
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <label>
        Name
        <input {...register('name')} autoComplete="name" autoFocus />
        <FieldError message={formState.errors.name?.message} />
      </label>
      <label>
        Email
        <input {...register('email')} type="email" autoComplete="username" />
        <FieldError message={formState.errors.email?.message} />
      </label>
      <label>
        Password
        <input {...register('password')} type="password" autoComplete="new-password" />
        <FieldError message={formState.errors.password?.message} />
      </label>
      <button className="primary" type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Creating…' : 'Create administrator'}
      </button>
    </form>
  );
}
