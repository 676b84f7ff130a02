const TONE: Record<string, string> = {
  COMPLETED: 'ok',
  FAILED: 'bad',
  ROLLBACK_FAILED: 'bad',
  CANCELED: 'warn',
  CANCELING: 'warn',
  WAITING: 'warn',
  RUNNING: 'run',
  QUEUED: 'run',
  ROLLING_BACK: 'run',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONE[status] ?? ''}`}>{status}</span>;
}
