import { handle } from '@/lib/api/handler';
import { SetupInput } from '@/lib/schemas/user';
import { setupFirstAdmin } from '@/lib/services/users';

export const POST = handle(
  { route: '/api/v1/setup', auth: false, body: SetupInput, status: 201 },
  ({ ctx, body }) => setupFirstAdmin(ctx.db, body),
);
