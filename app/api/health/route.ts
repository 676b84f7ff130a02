export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Readiness (database, migrations) is /api/ready. */
export function GET() {
  return Response.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
}
