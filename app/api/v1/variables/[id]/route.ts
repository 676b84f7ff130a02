import { handle } from '@/lib/api/handler';
import { UpdateVariableInput } from '@/lib/schemas/variable';
import { deleteVariable, getVariable, updateVariable } from '@/lib/services/variables';

export const GET = handle({ route: '/api/v1/variables/{id}' }, ({ ctx, params }) =>
  getVariable(ctx, params.id!),
);
export const PATCH = handle(
  { route: '/api/v1/variables/{id}', body: UpdateVariableInput },
  ({ ctx, params, body }) => updateVariable(ctx, params.id!, body),
);
export const DELETE = handle({ route: '/api/v1/variables/{id}' }, ({ ctx, params }) =>
  deleteVariable(ctx, params.id!),
);
