import { handle } from '@/lib/api/handler';
import { ApprovalInput } from '@/lib/schemas/execution';
import { decideApproval } from '@/lib/services/executions';

export const POST = handle(
  { route: '/api/v1/executions/{id}/approvals', body: ApprovalInput },
  ({ ctx, params, body }) => decideApproval(ctx, params.id!, body),
);
