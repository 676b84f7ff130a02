import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  path: string;
  contentType: string | null;
  body: unknown;
  at: Date;
}

export interface CallbackReceiver {
  /** Base URL, e.g. http://127.0.0.1:41235; deliveries to any path under it are recorded. */
  url: string;
  received: ReceivedCallback[];
  /** The next `n` deliveries get a 500 (to exercise the sender's retries). */
  failNext(n: number): void;
  /** Resolves with the first delivery matching the predicate, or rejects after `timeoutMs`. */
  waitFor(
    predicate?: (c: ReceivedCallback) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedCallback>;
  stop(): Promise<void>;
}

/** Stands in for Docker Hub's `callback_url`: records every POST it gets. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters: Array<{
    pred: (c: ReceivedCallback) => boolean;
    resolve: (c: ReceivedCallback) => void;
  }> = [];
  let failing = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing > 0) {
        failing--;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"detail":"try again"}');
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // Not JSON: keep the text so that a test can show what arrived.
      }
      const c: ReceivedCallback = {
        path: req.url ?? '/',
        contentType: req.headers['content-type'] ?? null,
        body,
        at: new Date(),
      };
      received.push(c);
      for (const w of [...waiters]) {
        if (w.pred(c)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(c);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(n) {
      failing = n;
    },
    waitFor(predicate = () => true, timeoutMs = 30_000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred: predicate, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no callback within ${timeoutMs} ms (got ${received.length})`));
          }
        }, timeoutMs).unref();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
