import { handle } from '@/lib/api/handler';
import { PageQuery, paginateList } from '@/lib/api/pagination';
import { AddMemberInput } from '@/lib/schemas/project';
import { addMember, listMembers } from '@/lib/services/projects';

export const GET = handle(
  { route: '/api/v1/projects/{id}/members', query: PageQuery },
  async ({ ctx, params, query }) =>
    paginateList(await listMembers(ctx, params.id!), query, (m) => ({ t: m.email, id: m.userId })),
);
export const POST = handle(
  { route: '/api/v1/projects/{id}/members', body: AddMemberInput, status: 201 },
  ({ ctx, params, body }) => addMember(ctx, params.id!, body),
);
