import { handle } from '@/lib/api/handler';
import { UpdateProjectInput } from '@/lib/schemas/project';
import { deleteProject, getProject, updateProject } from '@/lib/services/projects';

export const GET = handle({ route: '/api/v1/projects/{id}' }, ({ ctx, params }) =>
  getProject(ctx, params.id!),
);
export const PATCH = handle(
  { route: '/api/v1/projects/{id}', body: UpdateProjectInput },
  ({ ctx, params, body }) => updateProject(ctx, params.id!, body),
);
export const DELETE = handle({ route: '/api/v1/projects/{id}' }, ({ ctx, params }) =>
  deleteProject(ctx, params.id!),
);
