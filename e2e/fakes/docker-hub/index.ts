import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  authToken,
  authenticate,
  checkRepository,
  createPipeline,
  deletePipeline,
  getPipeline,
  listPipelines,
  login,
  updatePipeline,
  type Answer,
} from './routes';
import { createState, type FakeHubMode, type FakeHubState } from './state';

export { hookUrlsOf, slugify } from './state';
export type { FakeHubMode, FakeHubState, FakePipeline } from './state';

export interface FakeDockerHub {
  /** Base URL, e.g. http://127.0.0.1:41234 — use it as a Docker Hub endpoint's URL. */
  url: string;
  state: FakeHubState;
  /** `ok` | `refuse` (403 on repository calls) | `down` (connections dropped). */
  setMode(mode: FakeHubMode): void;
  stop(): Promise<void>;
}

export interface FakeDockerHubOptions {
  /** username → password or personal access token. */
  users: Record<string, string>;
  /** Repositories (`namespace/name`) that exist besides every `<user>/<anything>`. */
  repositories?: string[];
  port?: number;
  host?: string;
}

const PIPELINES = /^\/v2\/repositories\/([^/]+)\/([^/]+)\/webhook_pipeline\/?(?:([^/]+)\/?)?$/;

/** A real HTTP server speaking the part of the Docker Hub API that Slipway uses. */
export async function startFakeDockerHub(opts: FakeDockerHubOptions): Promise<FakeDockerHub> {
  const state = createState(opts.users, opts.repositories ?? []);
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void serve(state, req).then(
      (answer) => {
        if (answer === 'drop') {
          req.socket.destroy();
          return;
        }
        const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          ...(text && { 'content-type': 'application/json' }),
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: `fake hub error: ${String(err)}` }));
      },
    );
  });
  server.on('connection', (s) => {
    if (state.mode === 'down') {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) =>
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    setMode(mode) {
      state.mode = mode;
      if (mode === 'down') for (const s of sockets) s.destroy();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('bad-json');
  }
}

async function serve(state: FakeHubState, req: http.IncomingMessage): Promise<Answer | 'drop'> {
  if (state.mode === 'down') return 'drop';
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://hub').pathname;
  const body = await readJson(req);
  state.requests.push({ method, path, body, authorization: req.headers.authorization ?? null });
  if (body === Symbol.for('bad-json')) return { status: 400, body: { detail: 'JSON parse error' } };

  if (path.replace(/\/$/, '') === '/v2/users/login' && method === 'POST') return login(state, body);
  if (path.replace(/\/$/, '') === '/v2/auth/token' && method === 'POST')
    return authToken(state, body);

  const m = PIPELINES.exec(path);
  if (!m) return { status: 404, body: { detail: 'Not found.' } };
  const user = authenticate(state, req.headers.authorization ?? null);
  if (typeof user !== 'string') return user;
  if (state.mode === 'refuse') {
    return { status: 403, body: { detail: 'Webhooks are disabled for this account.' } };
  }
  const repo = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
  const denied = checkRepository(state, user, repo);
  if (denied) return denied;
  const slug = m[3] ? decodeURIComponent(m[3]) : undefined;
  if (!slug) {
    if (method === 'GET') return listPipelines(state, repo);
    if (method === 'POST') return createPipeline(state, user, repo, body);
  } else {
    if (method === 'GET') return getPipeline(state, repo, slug);
    if (method === 'PATCH' || method === 'PUT') {
      return updatePipeline(state, user, repo, slug, body, method === 'PATCH');
    }
    if (method === 'DELETE') return deletePipeline(state, repo, slug);
  }
  return { status: 405, body: { detail: `Method "${method}" not allowed.` } };
}
