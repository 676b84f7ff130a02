import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { executions, executionTasks, type StageState, type StepStatus } from '../db/schema';
import {
  BindingError,
  describeResolved,
  evaluateExpression,
  explainExpression,
  isTruthy,
  resolveValue,
  type BindingScope,
} from '../pipeline/bindings';
import type { PipelineDoc, TaskDoc } from '../schemas/pipeline';
import { logger } from '../log';
import { publishExecutionEvent } from './events';
import { finishExecutionTx } from './finish';
import { maskSecrets } from './mask';
import { LogThrottle } from './log-throttle';
import { getTaskHandler } from './registry';
import {
  appendLog,
  CancelRequestedError,
  fenced,
  type Fence,
  LeaseLostError,
  loadTasks,
  type Claim,
  type ExecutionRow,
  type TaskRow,
} from './store';
import type { TaskResult, TaskRunContext } from './task-types';
import { loadExecutionVariables } from './variables';

export const WORKER_LOST_MESSAGE =
  'The worker running this task was lost; the task was not run again because repeating it is not safe';
const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');
const FINAL: StepStatus[] = ['COMPLETED', 'FAILED', 'SKIPPED', 'CANCELED'];

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Drives one claimed execution as far as it can go: to a final status, or to WAITING (parked
 * until an approval or its expiry wakes it). Stops silently when the lease is lost.
 */
export class ExecutionDriver {
  private ex!: ExecutionRow;
  private doc!: PipelineDoc;
  private scope!: BindingScope;
  private secrets: string[] = [];
  private stages: StageState[] = [];
  private resuming = false;
  /** Stage changes not yet written: they go into the next fenced write (same transaction). */
  private stageEvents: { name: string; status: StepStatus }[] = [];
  private readonly logThrottle = new LogThrottle();

  constructor(
    private readonly db: Db,
    private readonly claim: Claim,
    private readonly signal: AbortSignal,
    private readonly abort: (reason: Error) => void,
    /** The execution row as the claim returned it (saves a read); read here if absent. */
    private readonly claimedRow?: ExecutionRow,
  ) {}

  async run(): Promise<void> {
    try {
      await this.drive();
    } catch (err) {
      this.logThrottle.clear();
      if (err instanceof LeaseLostError) {
        logger.warn(
          { executionId: this.claim.id },
          'lease lost; another worker owns the execution',
        );
        return;
      }
      logger.error({ err, executionId: this.claim.id }, 'execution failed in the runner');
      await this.finish('FAILED', `The runner failed: ${errorMessage(err)}`).catch((e: unknown) =>
        logger.error({ err: e, executionId: this.claim.id }, 'could not record the failure'),
      );
    }
  }

  private get cancelled(): boolean {
    return this.signal.aborted && this.signal.reason instanceof CancelRequestedError;
  }

  private checkLease(): void {
    if (this.signal.aborted && this.signal.reason instanceof LeaseLostError)
      throw new LeaseLostError();
  }

  private async drive(): Promise<void> {
    const ex =
      this.claimedRow ??
      (await this.db.select().from(executions).where(eq(executions.id, this.claim.id)))[0];
    if (!ex || ex.claimToken !== this.claim.token) return;
    this.ex = ex;
    this.doc = ex.pipeline as unknown as PipelineDoc;
    this.stages = ex.stages.map((s) => ({ ...s }));
    if (ex.cancelRequested || ex.status === 'CANCELING') return this.finish('CANCELED', 'Canceled');
    if (ex.status === 'QUEUED' && !(await this.start())) return;
    // A WAITING execution becomes RUNNING only when something moves (no flicker on re-park).
    this.resuming = ex.status === 'WAITING';
    const [vars, loaded] = await Promise.all([
      loadExecutionVariables(this.db, { projectId: ex.projectId, pipelineId: ex.pipelineId }),
      loadTasks(this.db, ex.id),
    ]);
    this.secrets = vars.secrets;
    this.scope = {
      inputs: ex.inputs,
      vars: vars.values,
      taskOutputs: {},
      executionId: ex.id,
      executionIndex: ex.index,
    };
    let tasks = loaded;
    for (const t of tasks) if (t.status === 'COMPLETED') this.setOutput(t, t.output ?? {});

    for (const [si, stageName] of this.doc.stageOrder.entries()) {
      const st = this.stages[si];
      if (!st || st.status === 'COMPLETED' || st.status === 'SKIPPED') continue;
      if (st.status === 'NOT_STARTED') this.setStage(si, 'RUNNING');
      const groups = this.doc.stages[stageName]?.taskOrder ?? [];
      for (let gi = 0; gi < groups.length; gi++) {
        for (;;) {
          this.checkLease();
          if (this.cancelled) return this.finish('CANCELED', 'Canceled');
          const rows = tasks.filter((t) => t.stageIndex === si && t.groupIndex === gi);
          await Promise.all(rows.map((r) => this.step(r)));
          this.checkLease();
          if (this.cancelled) return this.finish('CANCELED', 'Canceled');
          // The rows in memory are what this worker wrote; only a waiting task can change from
          // outside (an approval), so the group is read again only then.
          let now = rows;
          if (rows.some((t) => t.status === 'WAITING')) {
            tasks = await loadTasks(this.db, ex.id);
            now = tasks.filter((t) => t.stageIndex === si && t.groupIndex === gi);
          }
          for (const t of now) if (t.status === 'COMPLETED') this.setOutput(t, t.output ?? {});
          if (now.some((t) => t.status === 'WAITING')) {
            if (await this.park(si)) return;
            tasks = await loadTasks(this.db, ex.id);
            continue;
          }
          if (now.some((t) => !FINAL.includes(t.status))) continue;
          const failed = now.find((t) => t.status === 'FAILED' && !this.taskDoc(t)?.ignoreFailure);
          if (failed) {
            this.setStage(si, 'FAILED');
            return this.finish(
              'FAILED',
              `Task "${failed.task}" of stage "${failed.stage}" failed: ${failed.message ?? 'no message'}`,
            );
          }
          break;
        }
      }
      this.setStage(si, 'COMPLETED');
    }
    let outputs: Record<string, unknown>;
    try {
      outputs = resolveValue(this.doc.output ?? {}, this.scope) as Record<string, unknown>;
    } catch (err) {
      return this.finish('FAILED', `Pipeline output could not be computed: ${errorMessage(err)}`);
    }
    return this.finish('COMPLETED', null, maskSecrets(outputs, this.secrets));
  }

  private taskDoc(t: Pick<TaskRow, 'stage' | 'task'>): TaskDoc | undefined {
    return this.doc.stages[t.stage]?.tasks[t.task];
  }

  private setOutput(t: Pick<TaskRow, 'stage' | 'task'>, output: Record<string, unknown>): void {
    (this.scope.taskOutputs[t.stage] ??= {})[t.task] = output;
  }

  /**
   * QUEUED → RUNNING unless the pipeline is at its concurrency (then released, still QUEUED). The
   * claim check is part of the status UPDATE (no separate fence statement).
   */
  private async start(): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${'pipeline:' + this.ex.pipelineId}, 0))`,
      );
      const [c] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(executions)
        .where(
          and(
            eq(executions.pipelineId, this.ex.pipelineId),
            inArray(executions.status, ['RUNNING', 'WAITING', 'CANCELING']),
            ne(executions.id, this.ex.id),
          ),
        );
      const mine = and(eq(executions.id, this.ex.id), eq(executions.claimToken, this.claim.token));
      if ((c?.n ?? 0) >= this.ex.concurrency) {
        await tx
          .update(executions)
          .set({ claimedBy: null, claimToken: null, leaseUntil: null })
          .where(mine);
        return false;
      }
      const now = new Date();
      const [row] = await tx
        .update(executions)
        .set({ status: 'RUNNING', startedAt: now, updatedAt: now })
        .where(mine)
        .returning({ id: executions.id });
      if (!row) throw new LeaseLostError();
      await publishExecutionEvent(tx, this.ex, 'execution.status', {
        status: 'RUNNING',
        startedAt: now.toISOString(),
      });
      return true;
    });
  }

  /**
   * Every runner write after the start: one transaction that checks the claim, first writes the
   * pending execution changes (RUNNING again after a wait, stage statuses) with their events, then
   * runs fn.
   */
  private write<T>(fn: (tx: Tx, f: Fence) => Promise<T>): Promise<T> {
    // Taken by this write (tasks of a group write concurrently: each change goes out once). If
    // the write fails the driver stops, and a successor derives the stages again.
    const resumed = this.resuming;
    const events = this.stageEvents;
    this.resuming = false;
    this.stageEvents = [];
    const pending = resumed || events.length > 0;
    return fenced(
      this.db,
      this.claim,
      async (tx, f) => {
        if (resumed) {
          await publishExecutionEvent(tx, this.ex, 'execution.status', { status: 'RUNNING' });
        }
        for (const e of events) {
          await publishExecutionEvent(tx, this.ex, 'stage.status', {
            stage: e.name,
            status: e.status,
          });
        }
        return fn(tx, f);
      },
      pending
        ? { stages: this.stages, ...(resumed && { status: 'RUNNING' as const, wakeAt: null }) }
        : {},
    );
  }

  /** Records a stage change; it is written (with its event) by the next write of this driver. */
  private setStage(si: number, status: StepStatus): void {
    const st = this.stages[si];
    if (!st) return;
    const now = new Date().toISOString();
    this.stages[si] = {
      ...st,
      status,
      ...(status === 'RUNNING' ? { startedAt: st.startedAt ?? now } : { endedAt: now }),
    };
    this.stageEvents.push({ name: st.name, status });
  }

  /** WAITING: releases the claim until the earliest expiry, unless a decision already arrived. */
  private async park(si: number): Promise<boolean> {
    return fenced(this.db, this.claim, async (tx) => {
      const waiting = await tx
        .select({ expiresAt: executionTasks.expiresAt })
        .from(executionTasks)
        .where(
          and(eq(executionTasks.executionId, this.ex.id), eq(executionTasks.status, 'WAITING')),
        );
      if (waiting.length === 0) return false;
      const st = this.stages[si];
      const stageChanged = !!st && st.status !== 'WAITING';
      if (st && stageChanged) this.stages[si] = { ...st, status: 'WAITING' };
      const wake = waiting
        .map((w) => w.expiresAt ?? FAR_FUTURE)
        .reduce((a, b) => (a < b ? a : b), FAR_FUTURE);
      await tx
        .update(executions)
        .set({
          status: 'WAITING',
          claimedBy: null,
          claimToken: null,
          leaseUntil: null,
          wakeAt: wake,
          stages: this.stages,
        })
        .where(eq(executions.id, this.ex.id));
      const events = [...this.stageEvents];
      if (st && stageChanged) events.push({ name: st.name, status: 'WAITING' });
      for (const e of events) {
        await publishExecutionEvent(tx, this.ex, 'stage.status', {
          stage: e.name,
          status: e.status,
        });
      }
      this.stageEvents = [];
      if (!this.resuming) {
        await publishExecutionEvent(tx, this.ex, 'execution.status', { status: 'WAITING' });
      }
      return true;
    });
  }

  private async finish(
    status: 'COMPLETED' | 'FAILED' | 'CANCELED',
    message: string | null,
    outputs?: Record<string, unknown>,
  ): Promise<void> {
    this.logThrottle.clear();
    await this.write(async (tx, f) => {
      const final = f.cancelRequested ? 'CANCELED' : status;
      const msg = final === status ? message : 'Canceled';
      await finishExecutionTx(
        tx,
        this.ex,
        final,
        msg ? maskSecrets(msg, this.secrets) : null,
        outputs,
        this.stages,
      );
    });
  }

  private async updateTask(
    t: TaskRow,
    patch: Partial<typeof executionTasks.$inferInsert>,
  ): Promise<void> {
    const masked = {
      ...patch,
      ...(patch.message && { message: maskSecrets(patch.message, this.secrets) }),
      ...(patch.output && { output: maskSecrets(patch.output, this.secrets) }),
      ...(patch.input && { input: maskSecrets(patch.input, this.secrets) }),
    };
    await this.write(async (tx, f) => {
      await tx.update(executionTasks).set(masked).where(eq(executionTasks.id, t.id));
      if (patch.status) {
        await publishExecutionEvent(tx, this.ex, 'task.status', {
          stage: t.stage,
          task: t.task,
          status: patch.status,
          ...(masked.message && { message: masked.message }),
        });
      }
      if (f.cancelRequested && !this.signal.aborted) this.abort(new CancelRequestedError());
    });
    // Keep the row in memory as written, so the group needs no re-read.
    Object.assign(t, masked);
    if (patch.status && patch.status !== 'RUNNING') this.logThrottle.cancel(t.id);
  }

  private async step(t: TaskRow): Promise<void> {
    if (FINAL.includes(t.status)) return;
    if (t.status === 'WAITING') {
      if (t.expiresAt && t.expiresAt.getTime() <= Date.now()) {
        await this.updateTask(t, {
          status: 'FAILED',
          endedAt: new Date(),
          message: 'No decision before the approval expired',
        });
      }
      return;
    }
    const doc = this.taskDoc(t);
    const handler = getTaskHandler(t.type);
    if (t.status === 'RUNNING') {
      const input = t.input ?? doc?.input ?? {};
      const safe = handler ? (handler.isIdempotent?.(input) ?? handler.idempotent) : false;
      if (!safe) {
        await this.updateTask(t, {
          status: 'FAILED',
          endedAt: new Date(),
          message: WORKER_LOST_MESSAGE,
        });
        return;
      }
      await this.log(t, 'The worker running this task was lost; running it again (safe to repeat)');
    }
    await this.runTask(t, doc, handler);
  }

  /**
   * Appends a line to the task's log; a throttled `task.log` live event (same transaction) lets an
   * open execution page fetch the new lines while the task runs.
   */
  private async log(t: TaskRow, line: string): Promise<void> {
    const data = { stage: t.stage, task: t.task };
    const later = () =>
      this.db.transaction((tx) => publishExecutionEvent(tx, this.ex, 'task.log', data));
    await this.db.transaction(async (tx) => {
      await appendLog(
        tx,
        { taskId: t.id, executionId: t.executionId },
        maskSecrets(line, this.secrets),
      );
      if (this.logThrottle.take(t.id, later)) {
        await publishExecutionEvent(tx, this.ex, 'task.log', data);
      }
    });
  }

  private async runTask(
    t: TaskRow,
    doc: TaskDoc | undefined,
    handler: ReturnType<typeof getTaskHandler>,
  ): Promise<void> {
    const fail = (message: string) =>
      this.updateTask(t, { status: 'FAILED', endedAt: new Date(), message });
    if (!doc) return fail('The task is missing from the pipeline document');
    if (doc.preCondition) {
      let explained: ReturnType<typeof explainExpression>;
      try {
        explained = explainExpression(doc.preCondition, this.scope);
      } catch (err) {
        return fail(`preCondition: ${errorMessage(err)}`);
      }
      if (!isTruthy(explained.value)) {
        // Names the values it compared; updateTask masks secret values in the message (and
        // describeResolved does not show variables too short to mask).
        const values = describeResolved(explained.resolved);
        const now = new Date();
        return this.updateTask(t, {
          status: 'SKIPPED',
          startedAt: now,
          endedAt: now,
          message: `preCondition is false: ${doc.preCondition}${values ? ` (${values})` : ''}`,
        });
      }
    }
    if (!handler) return fail(`No handler for task type ${t.type} is installed in this runner`);
    let input: Record<string, unknown>;
    try {
      const raw = doc.input ?? {};
      const keep = handler.rawInputKeys ?? [];
      const toResolve = Object.fromEntries(Object.entries(raw).filter(([k]) => !keep.includes(k)));
      input = {
        ...(resolveValue(toResolve, this.scope) as Record<string, unknown>),
        ...Object.fromEntries(Object.entries(raw).filter(([k]) => keep.includes(k))),
      };
    } catch (err) {
      return fail(err instanceof BindingError ? err.message : `Input: ${errorMessage(err)}`);
    }
    const attempt = t.attempt + 1;
    if (this.stages[t.stageIndex]?.status === 'WAITING') this.setStage(t.stageIndex, 'RUNNING');
    await this.updateTask(t, {
      status: 'RUNNING',
      input,
      startedAt: new Date(),
      endedAt: null,
      message: null,
      attempt,
    });
    const ctx: TaskRunContext = {
      executionId: this.ex.id,
      executionIndex: this.ex.index,
      projectId: this.ex.projectId,
      pipelineId: this.ex.pipelineId,
      stage: t.stage,
      task: t.task,
      input,
      doc,
      resolve: (v) => resolveValue(v, this.scope),
      evaluate: (expr, locals) => evaluateExpression(expr, { ...this.scope, locals }),
      log: (line) => this.log(t, line),
      signal: this.signal,
      scope: this.scope,
      attempt,
    };
    let result: TaskResult;
    try {
      result = await handler.run(ctx);
    } catch (err) {
      this.checkLease();
      if (this.cancelled) {
        return this.updateTask(t, { status: 'CANCELED', endedAt: new Date(), message: 'Canceled' });
      }
      return fail(errorMessage(err));
    }
    this.checkLease();
    if (this.cancelled && result.status !== 'COMPLETED') {
      return this.updateTask(t, { status: 'CANCELED', endedAt: new Date(), message: 'Canceled' });
    }
    if (result.status === 'COMPLETED') this.setOutput(t, result.output ?? {});
    await this.updateTask(t, {
      status: result.status,
      output: result.output ?? null,
      message: result.message ?? null,
      ...(result.status === 'WAITING'
        ? { expiresAt: result.expiresAt ?? null }
        : { endedAt: new Date() }),
    });
  }
}
