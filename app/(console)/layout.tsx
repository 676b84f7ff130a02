import type { ReactNode } from 'react';
import { requirePageActor } from '@/lib/server/session';
import { Sidebar } from '@/components/shell/sidebar';
import { Topbar } from '@/components/shell/topbar';
import { ProjectProvider } from '@/components/shell/project-context';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  return (
    <ProjectProvider>
      <div className="shell">
        <Sidebar admin={actor.admin} />
        <div className="main">
          <Topbar name={actor.name} email={actor.email} />
          <main className="content" id="main">
            {children}
          </main>
        </div>
      </div>
    </ProjectProvider>
  );
}
