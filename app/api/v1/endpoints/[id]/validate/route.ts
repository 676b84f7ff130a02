import { handle } from '@/lib/api/handler';
import { validateEndpoint } from '@/lib/services/endpoints';

export const POST = handle({ route: '/api/v1/endpoints/{id}/validate' }, ({ ctx, params }) =>
  validateEndpoint(ctx, params.id!),
);
