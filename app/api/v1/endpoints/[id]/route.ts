import { handle } from '@/lib/api/handler';
import { UpdateEndpointInput } from '@/lib/schemas/endpoint';
import { deleteEndpoint, getEndpoint, updateEndpoint } from '@/lib/services/endpoints';

export const GET = handle({ route: '/api/v1/endpoints/{id}' }, ({ ctx, params }) =>
  getEndpoint(ctx, params.id!),
);
export const PATCH = handle(
  { route: '/api/v1/endpoints/{id}', body: UpdateEndpointInput, maxBody: 512 * 1024 },
  ({ ctx, params, body }) => updateEndpoint(ctx, params.id!, body),
);
export const DELETE = handle({ route: '/api/v1/endpoints/{id}' }, ({ ctx, params }) =>
  deleteEndpoint(ctx, params.id!),
);
