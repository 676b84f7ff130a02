import { handle } from '@/lib/api/handler';
import { getMe } from '@/lib/services/users';

export const GET = handle({ route: '/api/v1/me' }, ({ ctx }) => getMe(ctx));
