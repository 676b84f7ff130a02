import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

/**
 * The baseline: a bare Node http server that reads the body, parses it and inserts one row per
 * request into the same database, then answers 202 with the row id. No auth, no validation.
 */
export async function startBareServer(databaseUrl: string, pool = 10) {
  const sql = postgres(databaseUrl, { max: pool, onnotice: () => {} });
  await sql`create table if not exists bench_bare_events (id uuid primary key default gen_random_uuid(), received_at timestamptz not null default now(), payload jsonb not null)`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      sql`insert into bench_bare_events (payload) values (${sql.json(payload as never)}) returning id`.then(
        ([row]) => {
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ eventId: row!.id }));
        },
        () => res.writeHead(503).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sql,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await sql.end({ timeout: 5 });
    },
  };
}
