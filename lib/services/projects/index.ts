import { and, asc, eq, inArray } from 'drizzle-orm';
import { conflict, notFound } from '../../api/errors';
import { projectMembers, projects, users, type Role } from '../../db/schema';
import type { MemberDto, ProjectDto } from '../../schemas/project';
import { requireProject, visibleProjectIds, type ProjectRow } from '../access';
import { inTransaction, type Ctx } from '../context';

const toProjectDto = (p: ProjectRow, role: Role): ProjectDto => ({
  id: p.id,
  name: p.name,
  description: p.description,
  role,
  createdAt: p.createdAt.toISOString(),
});

export async function listProjects(ctx: Ctx): Promise<ProjectDto[]> {
  const ids = await visibleProjectIds(ctx);
  if (ids && ids.length === 0) return [];
  const rows = await ctx.db
    .select({ p: projects, role: projectMembers.role })
    .from(projects)
    .leftJoin(
      projectMembers,
      and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, ctx.actor.userId)),
    )
    .where(ids ? inArray(projects.id, ids) : undefined)
    .orderBy(asc(projects.name));
  return rows.map((r) => toProjectDto(r.p, ctx.actor.admin ? 'ADMIN' : (r.role ?? 'VIEWER')));
}

/** Anyone signed in may create a project; the creator becomes its ADMIN. */
export async function createProject(
  ctx: Ctx,
  input: { name: string; description: string },
): Promise<ProjectDto> {
  return inTransaction(ctx, async ({ db }) => {
    const [p] = await db.insert(projects).values(input).onConflictDoNothing().returning();
    if (!p) throw conflict(`A project named "${input.name}" already exists`);
    await db
      .insert(projectMembers)
      .values({ projectId: p.id, userId: ctx.actor.userId, role: 'ADMIN' });
    return toProjectDto(p, 'ADMIN');
  });
}

export async function getProject(ctx: Ctx, ref: string): Promise<ProjectDto> {
  const p = await requireProject(ctx, ref, 'VIEWER');
  return toProjectDto(p, p.role);
}

export async function updateProject(
  ctx: Ctx,
  ref: string,
  input: { name?: string; description?: string },
): Promise<ProjectDto> {
  const p = await requireProject(ctx, ref, 'ADMIN');
  if (input.name && input.name !== p.name) {
    const [clash] = await ctx.db
      .select({ id: projects.id })
      .from(projects)
      .where(eq(projects.name, input.name));
    if (clash) throw conflict(`A project named "${input.name}" already exists`);
  }
  const [row] = await ctx.db
    .update(projects)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(projects.id, p.id))
    .returning();
  return toProjectDto(row!, p.role);
}

export async function deleteProject(ctx: Ctx, ref: string): Promise<void> {
  const p = await requireProject(ctx, ref, 'ADMIN');
  await ctx.db.delete(projects).where(eq(projects.id, p.id));
}

export async function listMembers(ctx: Ctx, ref: string): Promise<MemberDto[]> {
  const p = await requireProject(ctx, ref, 'VIEWER');
  const rows = await ctx.db
    .select({ m: projectMembers, u: users })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, p.id))
    .orderBy(asc(users.email));
  return rows.map(({ m, u }) => ({
    userId: u.id,
    email: u.email,
    name: u.name,
    role: m.role,
    createdAt: m.createdAt.toISOString(),
  }));
}

/** Adds a member, or changes the role of one already there. */
export async function addMember(
  ctx: Ctx,
  ref: string,
  input: { email: string; role: Role },
): Promise<MemberDto> {
  const p = await requireProject(ctx, ref, 'ADMIN');
  const [u] = await ctx.db.select().from(users).where(eq(users.email, input.email));
  if (!u) throw notFound(`User with email ${input.email}`);
  const [m] = await ctx.db
    .insert(projectMembers)
    .values({ projectId: p.id, userId: u.id, role: input.role })
    .onConflictDoUpdate({
      target: [projectMembers.projectId, projectMembers.userId],
      set: { role: input.role },
    })
    .returning();
  return {
    userId: u.id,
    email: u.email,
    name: u.name,
    role: m!.role,
    createdAt: m!.createdAt.toISOString(),
  };
}

export async function removeMember(ctx: Ctx, ref: string, userId: string): Promise<void> {
  const p = await requireProject(ctx, ref, 'ADMIN');
  await inTransaction(ctx, async ({ db }) => {
    const [m] = await db
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, p.id), eq(projectMembers.userId, userId)));
    if (!m) throw notFound('Member');
    if (m.role === 'ADMIN') {
      const admins = await db
        .select({ id: projectMembers.userId })
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, p.id), eq(projectMembers.role, 'ADMIN')));
      if (admins.length <= 1) throw conflict('A project needs at least one ADMIN member');
    }
    await db
      .delete(projectMembers)
      .where(and(eq(projectMembers.projectId, p.id), eq(projectMembers.userId, userId)));
  });
}
