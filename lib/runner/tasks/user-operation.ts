import type { TaskHandler } from '../task-types';
import { TaskInputError } from './http';

export function readApprovers(input: Record<string, unknown>): string[] {
  const raw = input.approvers;
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  return list.map((s) => String(s).trim().toLowerCase()).filter(Boolean);
}

/**
 * USER_OPERATION: the execution waits (WAITING) until an approver decides through the API or the
 * console (lib/services/executions/approvals.ts), or until expirationHours pass.
 */
export const userOperationTask: TaskHandler = {
  type: 'USER_OPERATION',
  idempotent: true,
  run(ctx) {
    const approvers = readApprovers(ctx.input);
    const hoursRaw = ctx.input.expirationHours;
    let expiresAt: Date | undefined;
    if (hoursRaw !== undefined && hoursRaw !== null && hoursRaw !== '') {
      const hours = Number(hoursRaw);
      if (!Number.isFinite(hours) || hours <= 0) {
        throw new TaskInputError('expirationHours must be a positive number');
      }
      expiresAt = new Date(Date.now() + hours * 3600_000);
    }
    const who = approvers.length ? approvers.join(', ') : 'any member with the EXECUTOR role';
    return Promise.resolve({
      status: 'WAITING' as const,
      message: `Waiting for approval by ${who}`,
      ...(expiresAt && { expiresAt }),
    });
  },
};
