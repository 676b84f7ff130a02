import { handle } from '@/lib/api/handler';
import { PageQuery, paginateList } from '@/lib/api/pagination';
import { CreateProjectInput } from '@/lib/schemas/project';
import { createProject, listProjects } from '@/lib/services/projects';

export const GET = handle({ route: '/api/v1/projects', query: PageQuery }, async ({ ctx, query }) =>
  paginateList(await listProjects(ctx), query, (p) => ({ t: p.name, id: p.id })),
);
export const POST = handle(
  { route: '/api/v1/projects', body: CreateProjectInput, status: 201 },
  ({ ctx, body }) => createProject(ctx, body),
);
