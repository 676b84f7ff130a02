import type { TaskHandler } from '../task-types';
import { readRequest, sendRequest } from './http';

/** REST: one request; output status, headers, body (parsed when JSON); 4xx/5xx fail the task. */
export const restTask: TaskHandler = {
  type: 'REST',
  idempotent: false,
  isIdempotent: (input) =>
    ['get', 'head', 'put', 'delete'].includes(String(input.action ?? 'get').toLowerCase()),
  async run(ctx) {
    const req = readRequest(ctx.input, { timeoutMs: 60_000 });
    await ctx.log(`${req.method.toUpperCase()} ${req.url}`);
    const res = await sendRequest(req, ctx);
    await ctx.log(`→ ${res.status}`);
    const output = { status: res.status, headers: res.headers, body: res.body };
    if (res.status >= 400) {
      return {
        status: 'FAILED',
        output,
        message: `${req.method.toUpperCase()} ${req.url} answered ${res.status}`,
      };
    }
    return { status: 'COMPLETED', output };
  },
};
