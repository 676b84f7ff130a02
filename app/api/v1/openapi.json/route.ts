import { buildOpenApi } from '@/lib/api/openapi';
import { publicUrl } from '@/lib/env';

export function GET() {
  return Response.json(buildOpenApi(publicUrl()));
}
