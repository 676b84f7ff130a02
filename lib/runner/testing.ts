/** Test support for the runner (integration tests and the benchmark); not used by the app. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { encryptSecret } from '../crypto/secrets';
import type { Db } from '../db/client';
import { executions, executionTasks, liveEvents, pipelines, variables } from '../db/schema';
import { PipelineDocument, type PipelineDoc } from '../schemas/pipeline';
import type { RunnablePipeline } from '../services/executions/create';

export async function seedPipeline(
  db: Db,
  projectId: string,
  doc: Record<string, unknown>,
): Promise<RunnablePipeline> {
  const parsed: PipelineDoc = PipelineDocument.parse(doc);
  const [row] = await db
    .insert(pipelines)
    .values({
      projectId,
      name: parsed.name,
      enabled: parsed.enabled,
      concurrency: parsed.concurrency,
      document: JSON.stringify(parsed),
    })
    .returning();
  return { id: row!.id, projectId, name: parsed.name, enabled: parsed.enabled, document: parsed };
}

export async function seedSecret(db: Db, projectId: string, name: string, value: string) {
  await db
    .insert(variables)
    .values({ projectId, name, type: 'SECRET', value: '', valueEnc: encryptSecret(value) });
}

/** Polls until fn returns a truthy value (bounded; no fixed sleeps in tests). */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function executionRow(db: Db, id: string) {
  const [row] = await db.select().from(executions).where(eq(executions.id, id));
  return row!;
}

export async function taskRows(db: Db, id: string) {
  return db
    .select()
    .from(executionTasks)
    .where(eq(executionTasks.executionId, id))
    .orderBy(asc(executionTasks.stageIndex), asc(executionTasks.groupIndex));
}

export function waitForStatus(db: Db, id: string, statuses: string[], timeoutMs = 20_000) {
  return waitFor(
    async () => {
      const r = await executionRow(db, id);
      return statuses.includes(r.status) ? r : undefined;
    },
    `execution ${id} to be ${statuses.join('/')}`,
    timeoutMs,
  );
}

export function waitForTask(
  db: Db,
  id: string,
  task: string,
  statuses: string[],
  timeoutMs = 20_000,
) {
  return waitFor(
    async () => {
      const [t] = await db
        .select()
        .from(executionTasks)
        .where(and(eq(executionTasks.executionId, id), eq(executionTasks.task, task)));
      return t && statuses.includes(t.status) ? t : undefined;
    },
    `task ${task} to be ${statuses.join('/')}`,
    timeoutMs,
  );
}

/** The SSE ids (seq, commit order) of a topic's events; one not numbered yet is NaN (last). */
export async function liveEventIds(db: Db, topic: string): Promise<number[]> {
  const rows = await db
    .select({ seq: liveEvents.seq })
    .from(liveEvents)
    .where(inArray(liveEvents.topic, [topic]))
    .orderBy(sql`${liveEvents.seq} asc nulls last`);
  return rows.map((r) => r.seq ?? NaN);
}

export interface TestServer {
  url: string;
  hits: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

/** A local HTTP server; `respond` decides per request (return undefined to never answer). */
export async function startTestServer(
  respond: (req: {
    method: string;
    path: string;
    body: string;
  }) => { status: number; body?: unknown } | undefined,
): Promise<TestServer> {
  const hits: TestServer['hits'] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const hit = { method: req.method ?? 'GET', path: req.url ?? '/', body };
      hits.push(hit);
      const answer = respond(hit);
      if (!answer) {
        open.add(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
