import type { MemberDto } from '@/lib/schemas/project';

type Role = MemberDto['role'];

export const ROLE_OPTIONS: readonly Role[] = ['ADMIN', 'DEVELOPER', 'EXECUTOR', 'VIEWER'];

export const ROLE_HELP: Record<Role, string> = {
  ADMIN: 'everything, including members',
  DEVELOPER: 'create, edit and run',
  EXECUTOR: 'run and approve',
  VIEWER: 'read only',
};
