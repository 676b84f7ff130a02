import { handle } from '@/lib/api/handler';
import { UpdateUserInput } from '@/lib/schemas/user';
import { deleteUser, getUser, updateUser } from '@/lib/services/users';

export const GET = handle({ route: '/api/v1/users/{id}' }, ({ ctx, params }) =>
  getUser(ctx, params.id!),
);
export const PATCH = handle(
  { route: '/api/v1/users/{id}', body: UpdateUserInput },
  ({ ctx, params, body }) => updateUser(ctx, params.id!, body),
);
export const DELETE = handle({ route: '/api/v1/users/{id}' }, ({ ctx, params }) =>
  deleteUser(ctx, params.id!),
);
