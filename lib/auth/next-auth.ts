import crypto from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { eq } from 'drizzle-orm';
import { env } from '../env';
import { secretKey } from '../crypto/secrets';
import { getDb } from '../db/client';
import { users } from '../db/schema';
import { authenticatePassword } from '../services/auth/authenticate';
import { AppError } from '../api/errors';

/** The session-signing secret: NEXTAUTH_SECRET, else derived from the secrets key. */
function sessionSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  return Buffer.from(
    crypto.hkdfSync('sha256', secretKey(), 'slipway', 'nextauth-session', 32),
  ).toString('hex');
}

function clientAddress(headers: Record<string, unknown> | undefined): string | undefined {
  const fwd = headers?.['x-forwarded-for'];
  if (typeof fwd === 'string' && fwd) return fwd.split(',')[0]!.trim();
  const real = headers?.['x-real-ip'];
  return typeof real === 'string' ? real : undefined;
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const e = env();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password)
          throw new Error('Enter your email and password');
        try {
          const actor = await authenticatePassword(
            await getDb(),
            credentials.email,
            credentials.password,
            clientAddress(req?.headers as Record<string, unknown> | undefined),
          );
          return { id: actor.userId, email: actor.email, name: actor.name };
        } catch (err) {
          if (err instanceof AppError) throw new Error(err.message);
          throw err;
        }
      },
    }),
  ];
  if (e.OIDC_ISSUER && e.OIDC_CLIENT_ID) {
    providers.push({
      id: 'oidc',
      name: e.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: 'openid email profile' } },
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub };
      },
    });
  }
  cached = {
    secret: sessionSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 3600 },
    pages: { signIn: '/login' },
    providers,
    callbacks: {
      // OIDC sign-in is for people an administrator already added (matched by email).
      async signIn({ user, account }) {
        if (account?.provider !== 'oidc') return true;
        if (!user.email) return '/login?error=OidcNoEmail';
        const db = await getDb();
        const [u] = await db
          .select({ id: users.id })
          .from(users)
          .where(eq(users.email, user.email.toLowerCase()));
        return u ? true : '/login?error=OidcUnknownUser';
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === 'oidc' && user.email) {
          const db = await getDb();
          const [u] = await db
            .select({ id: users.id })
            .from(users)
            .where(eq(users.email, user.email.toLowerCase()));
          if (u) token.uid = u.id;
        } else if (user) {
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: typeof token.uid === 'string' ? token.uid : undefined };
      },
    },
  };
  return cached;
}
