import { describeResolved, explainExpression, isTruthy } from '../../pipeline/bindings';
import type { TaskHandler } from '../task-types';
import { TaskInputError } from './http';
import { evaluateWith } from './poll';

/** CONDITION: evaluates `condition`; the task fails when it is false. */
export const conditionTask: TaskHandler = {
  type: 'CONDITION',
  idempotent: true,
  rawInputKeys: ['condition'],
  run(ctx) {
    const expr = ctx.doc.input.condition;
    if (typeof expr !== 'string' || !expr.trim()) {
      throw new TaskInputError('condition is required, e.g. ${input.TAG} != "latest"');
    }
    // With the scope at hand, a false condition names the values it compared (the runner masks
    // secret values in the message).
    const explained = ctx.scope
      ? explainExpression(expr, ctx.scope)
      : { value: evaluateWith(ctx, expr), resolved: [] };
    const result = isTruthy(explained.value);
    if (result) return Promise.resolve({ status: 'COMPLETED' as const, output: { result } });
    const values = describeResolved(explained.resolved);
    return Promise.resolve({
      status: 'FAILED' as const,
      output: { result },
      message: `Condition is false: ${expr.trim()}${values ? ` (${values})` : ''}`,
    });
  },
};
