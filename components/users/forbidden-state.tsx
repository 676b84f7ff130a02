import Link from 'next/link';

/** What a non-administrator sees on the Users page. */
export function ForbiddenState() {
  return (
    <>
      <div className="page-head">
        <h1>Users</h1>
      </div>
      <div className="alert error" role="alert">
        <strong>Administrators only.</strong> You are signed in without administrator rights, so you
        cannot see or change users. Ask an administrator if you need an account added or changed.{' '}
        <Link href="/projects">Back to your projects</Link>
      </div>
    </>
  );
}
