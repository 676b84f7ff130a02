import { and, desc, eq, lt } from 'drizzle-orm';
import { AppError, notFound } from '../../api/errors';
import type { Actor } from '../../auth/actor';
import { generateToken, hashToken } from '../../crypto/tokens';
import type { DbOrTx } from '../../db/client';
import { accessTokens, apiTokens, users } from '../../db/schema';
import type { ApiTokenDto } from '../../schemas/token';
import { authenticatePassword } from '../auth/authenticate';
import type { Ctx } from '../context';

export const REFRESH_PREFIX = 'swr_';
export const ACCESS_PREFIX = 'swa_';
export const REFRESH_TTL_MS = 183 * 24 * 3600 * 1000; // six months
export const ACCESS_TTL_S = 3600;

type TokenRow = typeof apiTokens.$inferSelect;

export function toTokenDto(t: TokenRow, now = new Date()): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status: t.revokedAt ? 'REVOKED' : t.expiresAt <= now ? 'EXPIRED' : 'ACTIVE',
  };
}

/** Generates a refresh token after the user re-entered email and password. Shown once. */
export async function createApiToken(
  db: DbOrTx,
  input: { email: string; password: string; name?: string },
  address?: string,
): Promise<{ id: string; name: string; refreshToken: string; expiresAt: string }> {
  const actor = await authenticatePassword(db, input.email, input.password, address);
  const refreshToken = generateToken(REFRESH_PREFIX);
  const name =
    input.name?.trim() || `token ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId: actor.userId,
      name,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
    })
    .returning();
  return { id: row!.id, name: row!.name, refreshToken, expiresAt: row!.expiresAt.toISOString() };
}

export async function listApiTokens(ctx: Ctx): Promise<ApiTokenDto[]> {
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, ctx.actor.userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => toTokenDto(r));
}

export async function getApiToken(ctx: Ctx, id: string): Promise<ApiTokenDto> {
  const [row] = await ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, ctx.actor.userId)));
  if (!row) throw notFound('API token');
  return toTokenDto(row);
}

export async function revokeApiToken(ctx: Ctx, id: string): Promise<ApiTokenDto> {
  const [row] = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, ctx.actor.userId)))
    .returning();
  if (!row) throw notFound('API token');
  await ctx.db.delete(accessTokens).where(eq(accessTokens.refreshTokenId, id));
  return toTokenDto(row);
}

/** Checks a refresh token; the error says whether it is unknown, expired or revoked. */
export async function checkRefreshToken(
  db: DbOrTx,
  refreshToken: string,
): Promise<{ token: TokenRow; actor: Actor }> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(refreshToken)));
  if (!row) throw new AppError('UNAUTHORIZED', 'The API token is not valid');
  if (row.token.revokedAt) throw new AppError('UNAUTHORIZED', 'The API token was revoked');
  if (row.token.expiresAt <= new Date())
    throw new AppError('UNAUTHORIZED', 'The API token has expired');
  const u = row.user;
  return {
    token: row.token,
    actor: { userId: u.id, email: u.email, name: u.name, admin: u.admin, via: 'token' },
  };
}

/** Refresh token → short-lived access token. */
export async function exchangeRefreshToken(
  db: DbOrTx,
  refreshToken: string,
): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  const { token } = await checkRefreshToken(db, refreshToken);
  const accessToken = generateToken(ACCESS_PREFIX);
  const now = new Date();
  await db.insert(accessTokens).values({
    tokenHash: hashToken(accessToken),
    refreshTokenId: token.id,
    userId: token.userId,
    expiresAt: new Date(now.getTime() + ACCESS_TTL_S * 1000),
  });
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id));
  // Housekeeping: expired access tokens are useless; drop them as we go.
  await db
    .delete(accessTokens)
    .where(lt(accessTokens.expiresAt, new Date(now.getTime() - 3600_000)));
  return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TTL_S };
}

/** Bearer access token → actor, or a 401 saying what is wrong with it. */
export async function actorFromAccessToken(db: DbOrTx, bearer: string): Promise<Actor> {
  if (bearer.startsWith(REFRESH_PREFIX)) {
    throw new AppError(
      'UNAUTHORIZED',
      'That is a refresh token: exchange it for an access token with POST /api/v1/login',
    );
  }
  const [row] = await db
    .select({ access: accessTokens, refresh: apiTokens, user: users })
    .from(accessTokens)
    .innerJoin(apiTokens, eq(apiTokens.id, accessTokens.refreshTokenId))
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.tokenHash, hashToken(bearer)));
  if (!row)
    throw new AppError(
      'UNAUTHORIZED',
      'The access token is not valid (or its API token was revoked)',
    );
  if (row.refresh.revokedAt)
    throw new AppError('UNAUTHORIZED', 'The API token behind this access token was revoked');
  if (row.access.expiresAt <= new Date()) {
    throw new AppError(
      'UNAUTHORIZED',
      'The access token has expired; get a new one with POST /api/v1/login',
    );
  }
  if (row.refresh.expiresAt <= new Date())
    throw new AppError('UNAUTHORIZED', 'The API token has expired');
  const u = row.user;
  return { userId: u.id, email: u.email, name: u.name, admin: u.admin, via: 'token' };
}
