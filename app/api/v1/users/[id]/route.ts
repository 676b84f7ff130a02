import { handle } from '@/lib/api/handler';
import { UpdateUserInput } from '@/lib/schemas/user';
import { deleteUser, listUsers, updateUser } from '@/lib/services/users';
import { notFound } from '@/lib/api/errors';

export const GET = handle({ route: '/api/v1/users/{id}' }, async ({ ctx, params }) => {
  const u = (await listUsers(ctx)).find((x) => x.id === params.id);
  if (!u) throw notFound('User');
  return u;
});
export const PATCH = handle(
  { route: '/api/v1/users/{id}', body: UpdateUserInput },
  ({ ctx, params, body }) => updateUser(ctx, params.id!, body),
);
export const DELETE = handle({ route: '/api/v1/users/{id}' }, ({ ctx, params }) =>
  deleteUser(ctx, params.id!),
);
