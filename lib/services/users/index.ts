import { asc, count, eq, sql } from 'drizzle-orm';
import { AppError, conflict, notFound } from '../../api/errors';
import { hashPassword } from '../../auth/password';
import type { DbOrTx } from '../../db/client';
import { users } from '../../db/schema';
import type { UserDto } from '../../schemas/user';
import { requireAdmin } from '../access';
import { inTransaction, type Ctx } from '../context';

type UserRow = typeof users.$inferSelect;

export const toUserDto = (u: UserRow): UserDto => ({
  id: u.id,
  email: u.email,
  name: u.name,
  admin: u.admin,
  createdAt: u.createdAt.toISOString(),
});

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** Creates the first administrator; refused once any user exists (also under a race). */
export async function setupFirstAdmin(
  db: DbOrTx,
  input: { email: string; password: string; name: string },
): Promise<UserDto> {
  const passwordHash = await hashPassword(input.password);
  return (db as import('../../db/client').Db).transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7433102)`);
    if ((await countUsers(tx)) > 0) throw conflict('Slipway is already set up; sign in instead');
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, admin: true })
      .returning();
    return toUserDto(user!);
  });
}

export async function listUsers(ctx: Ctx): Promise<UserDto[]> {
  requireAdmin(ctx);
  const rows = await ctx.db.select().from(users).orderBy(asc(users.email));
  return rows.map(toUserDto);
}

export async function getUser(ctx: Ctx, id: string): Promise<UserDto> {
  requireAdmin(ctx);
  const [u] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound('User');
  return toUserDto(u);
}

export async function getMe(ctx: Ctx): Promise<UserDto> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.userId));
  if (!u) throw new AppError('UNAUTHORIZED', 'Your account no longer exists');
  return toUserDto(u);
}

export async function createUser(
  ctx: Ctx,
  input: { email: string; password: string; name: string; admin: boolean },
): Promise<UserDto> {
  requireAdmin(ctx);
  const passwordHash = await hashPassword(input.password);
  const [u] = await ctx.db
    .insert(users)
    .values({ email: input.email, name: input.name, admin: input.admin, passwordHash })
    .onConflictDoNothing()
    .returning();
  if (!u) throw conflict(`A user with email ${input.email} already exists`);
  return toUserDto(u);
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  input: { email?: string; password?: string; name?: string; admin?: boolean },
): Promise<UserDto> {
  requireAdmin(ctx);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx, async ({ db }) => {
    const [existing] = await db.select().from(users).where(eq(users.id, id));
    if (!existing) throw notFound('User');
    if (existing.admin && input.admin === false) await assertAnotherAdmin(db, id);
    const [u] = await db
      .update(users)
      .set({
        ...(input.email !== undefined && { email: input.email }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.admin !== undefined && { admin: input.admin }),
        ...(passwordHash && { passwordHash }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    return toUserDto(u!);
  });
}

export async function deleteUser(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async ({ db }) => {
    const [existing] = await db.select().from(users).where(eq(users.id, id));
    if (!existing) throw notFound('User');
    if (existing.admin) await assertAnotherAdmin(db, id);
    await db.delete(users).where(eq(users.id, id));
  });
}

async function assertAnotherAdmin(db: DbOrTx, exceptId: string): Promise<void> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(sql`${users.admin} and ${users.id} <> ${exceptId}`);
  if ((row?.n ?? 0) === 0) throw conflict('Slipway needs at least one administrator');
}
