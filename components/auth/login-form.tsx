'use client';

import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';

const OIDC_ERRORS: Record<string, string> = {
  OidcUnknownUser:
    'Your single sign-on account has no Slipway user; ask an administrator to add your email.',
  OidcNoEmail: 'The identity provider did not share an email address.',
};

/** Only a path on this site: an open redirect to another host is never followed. */
function localPath(p: string | null): string {
  return p && p.startsWith('/') && !p.startsWith('//') ? p : '/';
}

function Form({ oidcName }: { oidcName?: string }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | undefined>(() => {
    const e = params.get('error');
    return e ? (OIDC_ERRORS[e] ?? undefined) : undefined;
  });
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    const res = await signIn('credentials', {
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
      redirect: false,
    });
    setBusy(false);
    if (!res || res.error) {
      setError(
        res?.error && res.error !== 'CredentialsSignin'
          ? res.error
          : 'Email or password is not correct',
      );
      return;
    }
    router.push(localPath(params.get('callbackUrl')));
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button className="primary" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {oidcName && (
        <button
          type="button"
          onClick={() => void signIn('oidc', { callbackUrl: localPath(params.get('callbackUrl')) })}
        >
          Sign in with {oidcName}
        </button>
      )}
    </form>
  );
}

export function LoginForm(props: { oidcName?: string }) {
  return (
    <Suspense>
      <Form {...props} />
    </Suspense>
  );
}
