import type { Role } from '../db/schema';

/** Who is acting. Services receive it inside their context; it is never taken from a request body. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  admin: boolean;
  via: 'session' | 'token' | 'system';
}

export const ROLE_RANK: Record<Role, number> = { VIEWER: 1, EXECUTOR: 2, DEVELOPER: 3, ADMIN: 4 };
