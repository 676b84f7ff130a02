'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { useCurrentProject } from './project-context';

export function Topbar({ name, email }: { name: string; email: string }) {
  const { projects, current, setCurrent, isLoading } = useCurrentProject();
  return (
    <header className="topbar">
      <label className="inline">
        <span>Project</span>
        <select
          aria-label="Current project"
          value={current?.id ?? ''}
          onChange={(e) => setCurrent(e.target.value)}
          disabled={isLoading || projects.length === 0}
        >
          {projects.length === 0 && (
            <option value="">{isLoading ? 'Loading…' : 'No projects yet'}</option>
          )}
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button type="button" aria-label="User menu">
            {name} ▾
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={4}>
            <Menu.Label className="muted" style={{ padding: '0.4rem 0.6rem' }}>
              {email}
            </Menu.Label>
            <Menu.Item asChild>
              <Link href="/tokens">API tokens</Link>
            </Menu.Item>
            <Menu.Item onSelect={() => void signOut({ callbackUrl: '/login' })}>Sign out</Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </header>
  );
}
