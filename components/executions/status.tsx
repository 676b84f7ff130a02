const CLASS: Record<string, string> = {
  COMPLETED: 'ok',
  FAILED: 'bad',
  ROLLBACK_FAILED: 'bad',
  CANCELED: 'warn',
  CANCELING: 'warn',
  WAITING: 'warn',
  RUNNING: 'run',
  ROLLING_BACK: 'run',
  QUEUED: '',
  NOT_STARTED: '',
  SKIPPED: '',
};

const ICON: Record<string, string> = {
  COMPLETED: '✓',
  FAILED: '✗',
  ROLLBACK_FAILED: '✗',
  CANCELED: '⊘',
  CANCELING: '⊘',
  WAITING: '⏸',
  RUNNING: '▶',
  ROLLING_BACK: '↺',
  QUEUED: '…',
  NOT_STARTED: '○',
  SKIPPED: '↷',
};

export const FINAL_STATUSES = ['COMPLETED', 'FAILED', 'CANCELED', 'ROLLBACK_FAILED'];

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${CLASS[status] ?? ''}`} data-status={status}>
      <span aria-hidden="true">{ICON[status] ?? '•'}</span> {status.replace('_', ' ')}
    </span>
  );
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function durationBetween(start: string | null, end: string | null): number | null {
  if (!start) return null;
  return (end ? new Date(end).getTime() : Date.now()) - new Date(start).getTime();
}
