import { isTruthy } from '../../pipeline/bindings';
import type { TaskHandler, TaskRunContext } from '../task-types';
import { readRequest, sendRequest, sleep, TaskInputError, type HttpResponse } from './http';

function positive(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new TaskInputError(`${name} must be a positive number`);
  return n;
}

export function evaluateWith(ctx: TaskRunContext, expr: string, locals?: Record<string, unknown>) {
  if (!ctx.evaluate) throw new Error('this runner cannot evaluate expressions');
  return ctx.evaluate(expr, locals);
}

/** POLL: repeats a request every intervalSeconds until successCondition holds or timeoutMinutes pass. */
export const pollTask: TaskHandler = {
  type: 'POLL',
  idempotent: true,
  rawInputKeys: ['successCondition'],
  async run(ctx) {
    const intervalMs = positive(ctx.input.intervalSeconds, 10, 'intervalSeconds') * 1000;
    const timeoutMs = positive(ctx.input.timeoutMinutes, 10, 'timeoutMinutes') * 60_000;
    const condition = ctx.doc.input.successCondition;
    if (typeof condition !== 'string' || !condition.trim()) {
      throw new TaskInputError('successCondition is required, e.g. ${response.status} == 200');
    }
    const deadline = Date.now() + timeoutMs;
    const req = readRequest(ctx.input, {
      timeoutMs: Math.min(60_000, Math.max(1000, intervalMs * 3)),
    });
    let last: HttpResponse | undefined;
    let lastError = '';
    for (let attempt = 1; ; attempt++) {
      try {
        last = await sendRequest(req, ctx);
        lastError = '';
        const ok = isTruthy(evaluateWith(ctx, condition, { response: last }));
        await ctx.log(`poll ${attempt}: ${last.status}${ok ? ' (condition met)' : ''}`);
        if (ok) return { status: 'COMPLETED', output: { ...last, attempts: attempt } };
      } catch (err) {
        if (ctx.signal.aborted || err instanceof TaskInputError) throw err;
        lastError = (err as Error).message;
        await ctx.log(`poll ${attempt}: ${lastError}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(intervalMs, left), ctx.signal);
    }
    const minutes = timeoutMs / 60_000;
    return {
      status: 'FAILED',
      ...(last && { output: { ...last } }),
      message: `successCondition ${condition} did not hold within ${minutes} min${
        lastError ? ` (last error: ${lastError})` : last ? ` (last status ${last.status})` : ''
      }`,
    };
  },
};
