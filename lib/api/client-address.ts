/** The caller's address as a proxy in front of Slipway reports it. */
export function clientAddress(headers: Headers): string | undefined {
  const fwd = headers.get('x-forwarded-for');
  if (fwd) return fwd.split(',')[0]!.trim();
  return headers.get('x-real-ip') ?? undefined;
}
