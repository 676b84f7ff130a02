import { handle } from '@/lib/api/handler';
import { getApiToken, revokeApiToken } from '@/lib/services/tokens';

export const GET = handle({ route: '/api/v1/tokens/{id}' }, ({ ctx, params }) =>
  getApiToken(ctx, params.id!),
);
export const DELETE = handle({ route: '/api/v1/tokens/{id}' }, ({ ctx, params }) =>
  revokeApiToken(ctx, params.id!),
);
