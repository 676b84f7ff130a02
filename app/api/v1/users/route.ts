import { handle } from '@/lib/api/handler';
import { PageQuery, paginateList } from '@/lib/api/pagination';
import { CreateUserInput } from '@/lib/schemas/user';
import { createUser, listUsers } from '@/lib/services/users';

export const GET = handle({ route: '/api/v1/users', query: PageQuery }, async ({ ctx, query }) =>
  paginateList(await listUsers(ctx), query, (u) => ({ t: u.email, id: u.id })),
);
export const POST = handle(
  { route: '/api/v1/users', body: CreateUserInput, status: 201 },
  ({ ctx, body }) => createUser(ctx, body),
);
