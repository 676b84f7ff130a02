import { handle } from '@/lib/api/handler';
import { CertificateRequest } from '@/lib/schemas/endpoint';
import { describeCertificate } from '@/lib/services/endpoints';

export const POST = handle(
  { route: '/api/v1/endpoints/certificate', body: CertificateRequest },
  ({ ctx, body }) => describeCertificate(ctx, body.url),
);
