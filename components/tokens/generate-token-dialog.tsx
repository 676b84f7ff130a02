'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { FieldError } from '@/components/ui/states';
import { CreateVariableDialog } from '@/components/variables/create-variable-dialog';
import { applyFieldErrors } from '@/components/projects/format';
import { apiFetch, ApiError } from '@/lib/client/api';
import { CreateTokenInput } from '@/lib/schemas/token';
import { TokenReveal } from './token-reveal';
import { useMe } from './use-me';

type Values = z.input<typeof CreateTokenInput>;
export interface CreatedToken {
  id: string;
  name: string;
  refreshToken: string;
  expiresAt: string;
}
export const tokensQueryKey = ['tokens'] as const;

/**
 * The Generate token dialog: re-enter email and password, get a refresh token shown once.
 * Reused wherever a token is needed (e.g. the Docker webhook form passes onCreated).
 */
export function GenerateTokenDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated?: (token: CreatedToken) => void;
}) {
  const qc = useQueryClient();
  const me = useMe();
  const [created, setCreated] = useState<CreatedToken>();
  const [error, setError] = useState<string>();
  const [variableOpen, setVariableOpen] = useState(false);
  /** Name of the secret variable the token was stored in, once it was. */
  const [stored, setStored] = useState<string>();
  const form = useForm<Values>({
    resolver: zodResolver(CreateTokenInput),
    values: { email: me.data?.email ?? '', password: '', name: '' },
    resetOptions: { keepDirtyValues: true },
  });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    try {
      const t = await apiFetch<CreatedToken>('/api/v1/tokens', { method: 'POST', json: values });
      setCreated(t);
      form.resetField('password');
      await qc.invalidateQueries({ queryKey: tokensQueryKey });
      onCreated?.(t);
    } catch (err) {
      if (!(
        err instanceof ApiError &&
        err.status === 422 &&
        applyFieldErrors(err.fieldErrors(), ['email', 'password', 'name'], form.setError)
      )) {
        // 401 (wrong credentials, never saying which) and 429 (slowed down) read well as they are.
        setError(err instanceof Error ? err.message : String(err));
      }
    }
  });

  function close(o: boolean) {
    if (!o) {
      // The secret leaves memory with the dialog: it is shown once only.
      setCreated(undefined);
      setStored(undefined);
      setError(undefined);
      form.reset();
    }
    onOpenChange(o);
  }

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={close}
        title={created ? 'Your new API token' : 'Generate token'}
        description={
          created ? undefined : 'Confirm your email and password to create a refresh token.'
        }
      >
        {created ? (
          <div className="stack">
            <TokenReveal
              token={created.refreshToken}
              expiresAt={created.expiresAt}
              name={created.name}
            />
            {stored && (
              <div className="alert ok" role="status">
                Stored as the secret variable {stored}: pipelines use it as{' '}
                <code>{`\${var.${stored}}`}</code>.
              </div>
            )}
            <div className="row dialog-actions">
              <button type="button" onClick={() => setVariableOpen(true)}>
                Create variable
              </button>
              <DialogClose asChild>
                <button type="button" className="primary">
                  Done
                </button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <form className="form" onSubmit={onSubmit} noValidate>
            {error && (
              <div className="alert error" role="alert">
                {error}
              </div>
            )}
            <label>
              Email
              <input {...register('email')} type="email" autoComplete="username" />
              <FieldError message={formState.errors.email?.message} />
            </label>
            <label>
              Password
              <input
                {...register('password')}
                type="password"
                autoComplete="current-password"
                autoFocus
              />
              <FieldError message={formState.errors.password?.message} />
            </label>
            <label>
              Token name
              <input {...register('name')} autoComplete="off" placeholder="e.g. ci-deploy" />
              <FieldError message={formState.errors.name?.message} />
            </label>
            <div className="row dialog-actions">
              <DialogClose asChild>
                <button type="button">Cancel</button>
              </DialogClose>
              <button className="primary" type="submit" disabled={formState.isSubmitting}>
                {formState.isSubmitting ? 'Generating…' : 'Generate'}
              </button>
            </div>
          </form>
        )}
      </Dialog>
      {created && (
        <CreateVariableDialog
          open={variableOpen}
          onOpenChange={setVariableOpen}
          value={created.refreshToken}
          defaultName={created.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}
          onCreated={(v) => setStored(v.name)}
        />
      )}
    </>
  );
}
