'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { ActivityTable } from './activity-table';
import { WebhookList } from './webhook-list';

/** Triggers › Docker: the Webhooks cards and the Activity tab (?tab=activity). */
export function DockerTriggerPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab = params.get('tab') === 'activity' ? 'activity' : 'webhooks';
  const go = (t: string) => router.replace(t === 'webhooks' ? pathname : `${pathname}?tab=${t}`);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Docker</h1>
        <Link className="button primary" href="/triggers/docker/new">
          New webhook for Docker
        </Link>
      </div>
      <div role="tablist" aria-label="Docker trigger" className="row">
        {(['webhooks', 'activity'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'primary' : ''}
            onClick={() => go(t)}
          >
            {t === 'webhooks' ? 'Webhooks' : 'Activity'}
          </button>
        ))}
      </div>
      <div role="tabpanel">{tab === 'webhooks' ? <WebhookList /> : <ActivityTable />}</div>
    </div>
  );
}
