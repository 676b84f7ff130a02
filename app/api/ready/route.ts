import { checkReadiness } from '@/lib/db/ready';

export const dynamic = 'force-dynamic';

export async function GET() {
  const r = await checkReadiness();
  return Response.json(r, { status: r.ready ? 200 : 503 });
}
