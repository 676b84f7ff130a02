'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

interface Item {
  href: string;
  label: string;
  sub?: boolean;
}

const NAV: (Item | { group: string })[] = [
  { href: '/endpoints', label: 'Endpoints' },
  { href: '/pipelines', label: 'Pipelines' },
  { group: 'Triggers' },
  { href: '/triggers/docker', label: 'Docker', sub: true },
  { href: '/executions', label: 'Executions' },
  { href: '/variables', label: 'Variables' },
  { group: 'Settings' },
  { href: '/projects', label: 'Projects' },
  { href: '/tokens', label: 'API tokens' },
];

export function Sidebar({ admin }: { admin: boolean }) {
  const path = usePathname();
  const items = admin ? [...NAV, { href: '/users', label: 'Users' }] : NAV;
  return (
    <aside className="sidebar">
      <Link href="/" className="brand">
        Slipway
      </Link>
      <nav aria-label="Main">
        <ul>
          {items.map((item) =>
            'group' in item ? (
              <li key={item.group} className="group" aria-hidden="true">
                {item.group}
              </li>
            ) : (
              <li key={item.href} className={item.sub ? 'sub' : undefined}>
                <Link
                  href={item.href}
                  aria-current={path.startsWith(item.href) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ),
          )}
        </ul>
      </nav>
    </aside>
  );
}
