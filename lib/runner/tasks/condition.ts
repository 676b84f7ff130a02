import { isTruthy } from '../../pipeline/bindings';
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
    const value = evaluateWith(ctx, expr);
    const result = isTruthy(value);
    return Promise.resolve(
      result
        ? { status: 'COMPLETED' as const, output: { result } }
        : { status: 'FAILED' as const, output: { result }, message: `Condition is false: ${expr}` },
    );
  },
};
