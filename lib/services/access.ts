import { and, eq, or } from 'drizzle-orm';
import { AppError, forbidden, notFound } from '../api/errors';
import { ROLE_RANK } from '../auth/actor';
import { projectMembers, projects, type Role } from '../db/schema';
import type { Ctx } from './context';

export type ProjectRow = typeof projects.$inferSelect;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

/** The caller's role in a project: system administrators act as ADMIN everywhere. */
export async function projectRole(ctx: Ctx, projectId: string): Promise<Role | undefined> {
  if (ctx.actor.admin) return 'ADMIN';
  const [m] = await ctx.db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(
      and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, ctx.actor.userId)),
    );
  return m?.role;
}

/**
 * The one place that decides project access. `ref` is an id or a name. Not a member → 404 (the
 * project's existence is not revealed); a member whose role is too low → 403.
 */
export async function requireProject(
  ctx: Ctx,
  ref: string,
  minRole: Role = 'VIEWER',
): Promise<ProjectRow & { role: Role }> {
  const cond = isUuid(ref)
    ? or(eq(projects.id, ref), eq(projects.name, ref))
    : eq(projects.name, ref);
  const [project] = await ctx.db.select().from(projects).where(cond);
  if (!project) throw notFound(`Project "${ref}"`);
  const role = await projectRole(ctx, project.id);
  if (!role) throw notFound(`Project "${ref}"`);
  if (ROLE_RANK[role] < ROLE_RANK[minRole]) {
    throw forbidden(`This needs the ${minRole} role in project "${project.name}"; you are ${role}`);
  }
  return { ...project, role };
}

/** Checks access to an object already loaded (its projectId known): 404 when not a member. */
export async function requireProjectAccess(
  ctx: Ctx,
  projectId: string,
  minRole: Role,
  what: string,
): Promise<Role> {
  const role = await projectRole(ctx, projectId);
  if (!role) throw notFound(what);
  if (ROLE_RANK[role] < ROLE_RANK[minRole]) {
    throw forbidden(`This needs the ${minRole} role in the project; you are ${role}`);
  }
  return role;
}

/** Project ids the caller may see, or null for "all" (system administrators). */
export async function visibleProjectIds(ctx: Ctx): Promise<string[] | null> {
  if (ctx.actor.admin) return null;
  const rows = await ctx.db
    .select({ id: projectMembers.projectId })
    .from(projectMembers)
    .where(eq(projectMembers.userId, ctx.actor.userId));
  return rows.map((r) => r.id);
}

export function requireAdmin(ctx: Ctx): void {
  if (!ctx.actor.admin) throw new AppError('FORBIDDEN', 'Only administrators may do this');
}
