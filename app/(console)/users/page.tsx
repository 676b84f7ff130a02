import { ForbiddenState } from '@/components/users/forbidden-state';
import { UserList } from '@/components/users/user-list';
import { requirePageActor } from '@/lib/server/session';

export const metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requirePageActor();
  if (!actor.admin) return <ForbiddenState />;
  return <UserList selfId={actor.userId} />;
}
