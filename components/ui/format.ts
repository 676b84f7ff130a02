/**
 * A date and time as the user's locale shows them ("12 Mar 2025, 14:05"), the same on every
 * screen; "—" for none, and the text itself when it is not a date. `seconds` where several
 * things happen in the same minute (deliveries).
 */
export function formatDate(
  iso: string | null | undefined,
  opts: { seconds?: boolean } = {},
): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: opts.seconds ? 'medium' : 'short',
      });
}
