import { handle } from '@/lib/api/handler';
import { PageQuery, paginateList } from '@/lib/api/pagination';
import { clientAddress } from '@/lib/api/client-address';
import { CreateTokenInput } from '@/lib/schemas/token';
import { createApiToken, listApiTokens } from '@/lib/services/tokens';

export const GET = handle({ route: '/api/v1/tokens', query: PageQuery }, async ({ ctx, query }) =>
  paginateList(await listApiTokens(ctx), query, (t) => ({ t: t.createdAt, id: t.id })),
);

// Re-entering email and password is the authentication here, as in the Generate token dialog.
export const POST = handle(
  { route: '/api/v1/tokens', auth: false, body: CreateTokenInput, status: 201 },
  ({ ctx, body, req }) => createApiToken(ctx.db, body, clientAddress(req.headers)),
);
