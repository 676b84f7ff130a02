import { handle } from '@/lib/api/handler';
import { removeMember } from '@/lib/services/projects';

export const DELETE = handle(
  { route: '/api/v1/projects/{id}/members/{userId}' },
  ({ ctx, params }) => removeMember(ctx, params.id!, params.userId!),
);
