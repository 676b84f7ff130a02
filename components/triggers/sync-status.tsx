'use client';

import type { DockerWebhookDto } from '@/lib/schemas/docker-webhook';

export function SyncBadge({ sync }: { sync: DockerWebhookDto['sync'] }) {
  return sync.state === 'SYNCED' ? (
    <span className="badge ok">synced</span>
  ) : (
    <span className="badge bad">not synced</span>
  );
}

export const RESULT_BADGE: Record<string, string> = {
  TRIGGERED: 'ok',
  SKIPPED_DISABLED: 'warn',
  NOT_MATCHED: 'warn',
  DUPLICATE: 'warn',
  REJECTED: 'bad',
  FAILED: 'bad',
};

export const EVENT_RESULTS = [
  'TRIGGERED',
  'SKIPPED_DISABLED',
  'NOT_MATCHED',
  'DUPLICATE',
  'REJECTED',
  'FAILED',
] as const;
