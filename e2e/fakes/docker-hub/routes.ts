import crypto from 'node:crypto';
import type { FakeHubState, FakePipeline } from './state';
import { slugify } from './state';

export interface Answer {
  status: number;
  body?: unknown;
}

const json = (status: number, body?: unknown): Answer => ({ status, body });
const now = () => new Date().toISOString();

/** POST /v2/users/login {username, password} → {token}; wrong → 401 {"detail": …}. */
export function login(state: FakeHubState, body: unknown): Answer {
  const b = (body ?? {}) as { username?: unknown; password?: unknown };
  if (typeof b.username !== 'string' || typeof b.password !== 'string') {
    return json(400, {
      ...(typeof b.username !== 'string' && { username: ['This field is required.'] }),
      ...(typeof b.password !== 'string' && { password: ['This field is required.'] }),
    });
  }
  const user = checkUser(state, b.username, b.password);
  if (!user) return json(401, { detail: 'Incorrect authentication credentials.' });
  return json(200, { token: issueToken(state, user) });
}

/** POST /v2/auth/token {identifier, secret} → {access_token}; wrong → 401 {"message": …}. */
export function authToken(state: FakeHubState, body: unknown): Answer {
  const b = (body ?? {}) as { identifier?: unknown; secret?: unknown };
  if (typeof b.identifier !== 'string' || typeof b.secret !== 'string') {
    return json(400, { message: 'identifier and secret are required', errinfo: {} });
  }
  const user = checkUser(state, b.identifier, b.secret);
  if (!user) return json(401, { message: 'invalid username or password', errinfo: {} });
  return json(200, { access_token: issueToken(state, user) });
}

function checkUser(state: FakeHubState, name: string, secret: string): string | undefined {
  // The Hub treats usernames case-insensitively.
  for (const [user, expected] of state.users) {
    if (user.toLowerCase() === name.toLowerCase() && expected === secret) return user;
  }
  return undefined;
}

function issueToken(state: FakeHubState, user: string): string {
  const token = `hub_${crypto.randomBytes(24).toString('base64url')}`;
  state.tokens.set(token, user);
  return token;
}

/** Bearer (or the older JWT scheme) → username, or the 401 answer. */
export function authenticate(state: FakeHubState, header: string | null): string | Answer {
  const m = header ? /^(?:Bearer|JWT)\s+(\S+)$/i.exec(header) : null;
  if (!m) return json(401, { detail: 'Authentication credentials were not provided.' });
  const user = state.tokens.get(m[1]!);
  if (!user) return json(401, { detail: 'Given token not valid for any token type' });
  return user;
}

/** Existence and permission: the user's own namespace, or a repository listed at start. */
export function checkRepository(state: FakeHubState, user: string, repo: string): Answer | null {
  const [ns] = repo.split('/');
  const ownNamespace = ns!.toLowerCase() === user.toLowerCase();
  if (state.repositories.has(repo) || ownNamespace) return null;
  const otherUser = [...state.users.keys()].some((u) => u.toLowerCase() === ns!.toLowerCase());
  if (otherUser) return json(403, { detail: 'You do not have permission to perform this action.' });
  return json(404, { detail: 'Object not found' });
}

interface WebhookInput {
  name?: unknown;
  hook_url?: unknown;
}

function validatePipeline(body: unknown, partial: boolean): Record<string, unknown> | null {
  const b = (body ?? {}) as { name?: unknown; webhooks?: unknown };
  const errors: Record<string, unknown> = {};
  if (!partial || b.name !== undefined) {
    if (typeof b.name !== 'string') errors.name = ['This field is required.'];
    else if (b.name.trim() === '') errors.name = ['This field may not be blank.'];
  }
  if (!partial || b.webhooks !== undefined) {
    if (!Array.isArray(b.webhooks) || b.webhooks.length === 0) {
      errors.webhooks = ['This list may not be empty.'];
    } else {
      const items = (b.webhooks as WebhookInput[]).map((w) => {
        const e: Record<string, string[]> = {};
        if (typeof w.name !== 'string' || !w.name.trim()) e.name = ['This field is required.'];
        if (typeof w.hook_url !== 'string' || !/^https?:\/\/[^\s/]+/.test(w.hook_url)) {
          e.hook_url = ['Enter a valid URL.'];
        }
        return e;
      });
      if (items.some((e) => Object.keys(e).length > 0)) errors.webhooks = items;
    }
  }
  return Object.keys(errors).length ? errors : null;
}

export function createPipeline(
  state: FakeHubState,
  user: string,
  repo: string,
  body: unknown,
): Answer {
  const invalid = validatePipeline(body, false);
  if (invalid) return json(400, invalid);
  const b = body as { name: string; expect_final_callback?: boolean; webhooks: WebhookInput[] };
  const slug = slugify(b.name);
  const byslug = state.pipelines.get(repo) ?? new Map<string, FakePipeline>();
  if (byslug.has(slug)) {
    return json(409, { detail: `A webhook named "${b.name}" already exists for ${repo}` });
  }
  const t = now();
  const pipeline: FakePipeline = {
    name: b.name,
    slug,
    expect_final_callback: b.expect_final_callback ?? false,
    webhooks: toWebhooks(state, b.webhooks),
    created: t,
    last_updated: t,
    creator: user,
    last_updater: user,
  };
  byslug.set(slug, pipeline);
  state.pipelines.set(repo, byslug);
  return json(201, pipeline);
}

export function listPipelines(state: FakeHubState, repo: string): Answer {
  const results = [...(state.pipelines.get(repo)?.values() ?? [])];
  return json(200, { count: results.length, next: null, previous: null, results });
}

export function getPipeline(state: FakeHubState, repo: string, slug: string): Answer {
  const p = state.pipelines.get(repo)?.get(slug);
  return p ? json(200, p) : json(404, { detail: 'Not found.' });
}

export function updatePipeline(
  state: FakeHubState,
  user: string,
  repo: string,
  slug: string,
  body: unknown,
  partial: boolean,
): Answer {
  const byslug = state.pipelines.get(repo);
  const p = byslug?.get(slug);
  if (!byslug || !p) return json(404, { detail: 'Not found.' });
  const invalid = validatePipeline(body, partial);
  if (invalid) return json(400, invalid);
  const b = body as { name?: string; expect_final_callback?: boolean; webhooks?: WebhookInput[] };
  const newSlug = b.name !== undefined ? slugify(b.name) : slug;
  if (newSlug !== slug && byslug.has(newSlug)) {
    return json(409, { detail: `A webhook named "${b.name}" already exists for ${repo}` });
  }
  const updated: FakePipeline = {
    ...p,
    ...(b.name !== undefined && { name: b.name, slug: newSlug }),
    ...(b.expect_final_callback !== undefined && {
      expect_final_callback: b.expect_final_callback,
    }),
    ...(b.webhooks !== undefined && { webhooks: toWebhooks(state, b.webhooks) }),
    last_updated: now(),
    last_updater: user,
  };
  byslug.delete(slug);
  byslug.set(newSlug, updated);
  return json(200, updated);
}

export function deletePipeline(state: FakeHubState, repo: string, slug: string): Answer {
  const byslug = state.pipelines.get(repo);
  if (!byslug?.delete(slug)) return json(404, { detail: 'Not found.' });
  return json(204);
}

function toWebhooks(state: FakeHubState, hooks: WebhookInput[]) {
  return hooks.map((w) => ({
    id: state.nextWebhookId++,
    name: String(w.name),
    hook_url: String(w.hook_url),
    created: now(),
  }));
}
