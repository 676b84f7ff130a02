import { handle } from '@/lib/api/handler';
import { CreateEndpointInput, EndpointListQuery } from '@/lib/schemas/endpoint';
import { createEndpoint, listEndpoints } from '@/lib/services/endpoints';

export const GET = handle(
  { route: '/api/v1/endpoints', query: EndpointListQuery },
  ({ ctx, query }) => listEndpoints(ctx, query),
);
export const POST = handle(
  { route: '/api/v1/endpoints', body: CreateEndpointInput, status: 201, maxBody: 512 * 1024 },
  ({ ctx, body }) => createEndpoint(ctx, body),
);
