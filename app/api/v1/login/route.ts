import { handle } from '@/lib/api/handler';
import { LoginInput } from '@/lib/schemas/token';
import { exchangeRefreshToken } from '@/lib/services/tokens';

export const POST = handle(
  { route: '/api/v1/login', auth: false, body: LoginInput },
  ({ ctx, body }) => exchangeRefreshToken(ctx.db, body.refreshToken),
);
