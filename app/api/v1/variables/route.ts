import { handle } from '@/lib/api/handler';
import { CreateVariableInput, VariableListQuery } from '@/lib/schemas/variable';
import { createVariable, listVariables } from '@/lib/services/variables';

export const GET = handle(
  { route: '/api/v1/variables', query: VariableListQuery },
  ({ ctx, query }) => listVariables(ctx, query),
);
export const POST = handle(
  { route: '/api/v1/variables', body: CreateVariableInput, status: 201 },
  ({ ctx, body }) => createVariable(ctx, body),
);
