import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { liveEvents } from '../db/schema';
import { waitFor } from '../runner/testing';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../test/databases';
import { createLiveHub, type LiveEventRow, type LiveHub } from './hub';
import { LiveBatch, publishLiveEvent } from './publish';
import { pruneLiveEvents, sequenceLiveEvents } from './sequencer';
import { liveStreamResponse } from './sse';
import { readSse } from './testing';

const ev = (topic: string, name: string) => ({
  projectId: null,
  topic,
  type: 'test',
  data: { name },
});

async function rowsOf(db: Db, topic: string) {
  const rows = await db.select().from(liveEvents).where(eq(liveEvents.topic, topic));
  return Object.fromEntries(rows.map((r) => [String(r.data.name), r]));
}

describe.each(DATABASE_KINDS)('live event sequencer on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Db;
  let hub: LiveHub;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = tdb.db;
    hub = createLiveHub(tdb);
  });
  afterAll(async () => {
    await hub.stop();
    await tdb.destroy();
  });

  it('numbers the events of one transaction in the order they were written', async () => {
    await db.transaction(async (tx) => {
      await new LiveBatch().add(ev('order', 'a'), ev('order', 'b')).flush(tx);
      await publishLiveEvent(tx, ev('order', 'c'));
    });
    const before = await rowsOf(db, 'order');
    expect(Object.values(before).map((r) => r.seq)).toEqual([null, null, null]);
    expect(await sequenceLiveEvents(db)).toBeGreaterThanOrEqual(3);
    const r = await rowsOf(db, 'order');
    expect(r.a!.seq).toBeLessThan(r.b!.seq!);
    expect(r.b!.seq).toBeLessThan(r.c!.seq!);
    expect(await sequenceLiveEvents(db)).toBe(0);
  });

  it('the hub numbers, then hands out each committed event once, in seq order', async () => {
    const got: LiveEventRow[] = [];
    const unsubscribe = await hub.subscribe((e) => {
      if (e.topic === 'hub') got.push(e);
    });
    for (let i = 0; i < 5; i++) {
      await db.transaction((tx) => publishLiveEvent(tx, ev('hub', `e${i}`)));
    }
    await waitFor(async () => got.length >= 5, 'five events through the hub');
    unsubscribe();
    expect(got.map((e) => e.data.name)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    const seqs = got.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(5);
  });

  it.skipIf(kind === 'pglite')(
    'an event that commits late is numbered after one that committed first, so Last-Event-ID never skips it',
    async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const aWritten = new Promise<void>((r) => (written = r));
      // A writes first (smaller id) but commits last.
      const a = db.transaction(async (tx) => {
        await publishLiveEvent(tx, ev('late', 'A'));
        written();
        await gate;
      });
      await aWritten;
      await db.transaction((tx) => publishLiveEvent(tx, ev('late', 'B')));
      await sequenceLiveEvents(db);
      const mid = await rowsOf(db, 'late');
      // A is still open: invisible to the sequencer; B is numbered.
      expect(Object.keys(mid)).toEqual(['B']);
      expect(mid.B!.seq).not.toBeNull();

      // A browser saw B and dropped; A commits while it is away; it resumes after B's id.
      const bSeq = mid.B!.seq!;
      release();
      await a;
      await sequenceLiveEvents(db);
      const end = await rowsOf(db, 'late');
      expect(end.A!.id).toBeLessThan(end.B!.id); // written first…
      expect(end.A!.seq!).toBeGreaterThan(bSeq); // …numbered after: commit order
      const resumed = await readSse(
        liveStreamResponse({
          db,
          topic: 'late',
          lastEventId: bSeq,
          signal: new AbortController().signal,
          hub,
        }),
        () => true,
      );
      expect(resumed.map((e) => [e.id, e.data.name])).toEqual([[end.A!.seq, 'A']]);
    },
  );

  it.skipIf(kind === 'pglite')(
    'concurrent writers and two sequencers: every event numbered exactly once',
    async () => {
      const writers = Array.from({ length: 40 }, (_, i) =>
        db.transaction((tx) =>
          new LiveBatch().add(ev('many', `w${i}a`), ev('many', `w${i}b`)).flush(tx),
        ),
      );
      const sequencers = Array.from({ length: 6 }, () => sequenceLiveEvents(db));
      await Promise.all([...writers, ...sequencers]);
      await sequenceLiveEvents(db);
      const rows = Object.values(await rowsOf(db, 'many'));
      expect(rows).toHaveLength(80);
      const seqs = rows.map((r) => r.seq);
      expect(seqs.every((s) => typeof s === 'number')).toBe(true);
      expect(new Set(seqs).size).toBe(80);
      const byName = await rowsOf(db, 'many');
      for (let i = 0; i < 40; i++) {
        expect(byName[`w${i}a`]!.seq!).toBeLessThan(byName[`w${i}b`]!.seq!);
      }
    },
  );

  it('prunes events older than the retention, and only those', async () => {
    await db.transaction((tx) =>
      new LiveBatch().add(ev('prune', 'old'), ev('prune', 'new')).flush(tx),
    );
    await sequenceLiveEvents(db);
    const r = await rowsOf(db, 'prune');
    await db.execute(
      sql`update live_events set created_at = now() - interval '9 days' where id = ${r.old!.id}`,
    );
    expect(await pruneLiveEvents(db, 7)).toBeGreaterThanOrEqual(1);
    expect(Object.keys(await rowsOf(db, 'prune'))).toEqual(['new']);
  });
});
