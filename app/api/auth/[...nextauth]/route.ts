import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/auth/next-auth';
import { getDb } from '@/lib/db/client';

async function auth(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  await getDb(); // migrations applied before the first sign-in
  return NextAuth(authOptions())(req, ctx) as Promise<Response>;
}

export { auth as GET, auth as POST };
