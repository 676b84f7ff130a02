import { sql, type SQL } from 'drizzle-orm';
import { notifyOnCommit } from '../db/commit-signals';
import type { DbOrTx } from '../db/client';
import { LIVE_CHANNEL } from '../db/notify';
import { liveEvents } from '../db/schema';

export interface LiveEventInput {
  projectId: string | null;
  /** e.g. "execution:<uuid>", "executions", "registry-events". */
  topic: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Live events of one transaction, written together in ONE statement, plus the NOTIFYs the
 * transaction needs (such as waking the runner), which go out once it commits
 * (lib/db/commit-signals.ts). Nothing is locked: the sequencer (lib/live/sequencer.ts) numbers
 * the rows in commit order after they commit.
 */
export class LiveBatch {
  private readonly events: LiveEventInput[] = [];
  private readonly notices = new Map<string, string>();

  add(...events: LiveEventInput[]): this {
    this.events.push(...events);
    return this;
  }

  /** A NOTIFY sent once the transaction commits (same channel + payload twice = once). */
  notify(channel: string, payload: string): this {
    this.notices.set(`${channel}\u0000${payload}`, channel);
    return this;
  }

  get size(): number {
    return this.events.length + this.notices.size;
  }

  /** Writes the batch in the caller's transaction: nothing is seen or sent unless it commits. */
  async flush(tx: DbOrTx): Promise<void> {
    const insert = this.insertSql();
    if (insert) await tx.execute(insert);
    await this.signal(tx);
  }

  /**
   * The INSERT of the events (undefined when there are none), for a caller that writes it as
   * part of its own statement; it then calls `signal` once that statement succeeded. With
   * `index`, an `index` field in the events' data takes that SQL value.
   */
  insertSql(index?: SQL): SQL | undefined {
    const rows = this.rowsJson();
    return rows === undefined ? undefined : LiveBatch.insertRows(sql`${rows}`, index);
  }

  /** The events as the JSON array `insertRows` takes (undefined when there are none). */
  rowsJson(): string | undefined {
    if (!this.events.length) return undefined;
    return JSON.stringify(
      this.events.map((e) => ({
        project_id: e.projectId,
        topic: e.topic,
        type: e.type,
        data: e.data,
      })),
    );
  }

  /**
   * INSERT of the events in `rows` (an SQL value holding `rowsJson()`), in their order.
   * `index`: the SQL value of an execution number the statement itself hands out.
   */
  static insertRows(rows: SQL, index?: SQL): SQL {
    const data = index
      ? sql`case when e.v->'data' ? 'index'
          then jsonb_set(e.v->'data', '{index}', to_jsonb(${index})) else e.v->'data' end`
      : sql`e.v->'data'`;
    return sql`insert into ${liveEvents} (project_id, topic, type, data)
      select (e.v->>'project_id')::uuid, e.v->>'topic', e.v->>'type', ${data}
      from jsonb_array_elements(${rows}::jsonb) with ordinality as e(v, ord)
      order by e.ord`;
  }

  /** Queues the NOTIFYs (slipway_live for the events, then the others) for after the commit. */
  async signal(db: DbOrTx): Promise<void> {
    if (this.events.length) await notifyOnCommit(db, LIVE_CHANNEL);
    for (const [key, channel] of this.notices) {
      await notifyOnCommit(db, channel, key.slice(channel.length + 1));
    }
    this.events.length = 0;
    this.notices.clear();
  }
}

/** Writes one live event and NOTIFYs `slipway_live`, inside the caller's transaction. */
export async function publishLiveEvent(tx: DbOrTx, ev: LiveEventInput): Promise<void> {
  await new LiveBatch().add(ev).flush(tx);
}
