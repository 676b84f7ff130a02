import { redirect } from 'next/navigation';
import { needsSetup } from '@/lib/server/session';
import { LoginForm } from '@/components/auth/login-form';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

export default async function LoginPage() {
  if (await needsSetup()) redirect('/setup');
  const e = env();
  const oidc = e.OIDC_ISSUER && e.OIDC_CLIENT_ID ? e.OIDC_NAME : undefined;
  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>Sign in to Slipway</h1>
        <LoginForm oidcName={oidc} />
      </div>
    </div>
  );
}
