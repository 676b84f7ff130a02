import { redirect } from 'next/navigation';
import { needsSetup } from '@/lib/server/session';
import { SetupForm } from '@/components/auth/setup-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Set up' };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect('/login');
  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>Welcome to Slipway</h1>
        <p className="muted">Create the first administrator account.</p>
        <SetupForm />
      </div>
    </div>
  );
}
