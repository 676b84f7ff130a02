import { request } from 'undici';
import { logger } from '../log';
import { describeConnectionError } from '../tls/errors';
import type { TrustOptions } from '../tls/fingerprint';
import { dispatcherFor } from '../tls/pinning';
import {
  dockerHubBearerToken,
  hubApiBase,
  HubSignInError,
  type HubCredentials,
} from './docker-hub-auth';

/**
 * Docker Hub's webhook pipelines (`/v2/repositories/{ns}/{repo}/webhook_pipeline/`): Slipway keeps
 * one per Docker webhook, named after it, whose only hook is the Slipway hook URL.
 */
export interface HubTarget extends HubCredentials {
  /** The endpoint's URL; its origin is the Hub API base. */
  url: string;
  trust?: TrustOptions;
}

export interface HubPipelineRef {
  /** `namespace/name` */
  repository: string;
  slug: string;
}

export interface HubPipeline {
  name: string;
  slug: string;
  webhooks: { name: string; hook_url: string }[];
}

/** The Hub refused or could not be reached; `message` is what the user should read. */
export class HubSyncError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubSyncError';
  }
}

const TIMEOUT_MS = 10_000;

interface Answer {
  status: number;
  json: unknown;
}

/** The Hub's reason from any of its error shapes: {detail}, {message}, or DRF field errors. */
export function hubReason(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const b = json as Record<string, unknown>;
  if (typeof b.detail === 'string') return b.detail;
  if (typeof b.message === 'string') return b.message;
  const flat = (v: unknown, path: string): string[] => {
    if (typeof v === 'string') return [path ? `${path}: ${v}` : v];
    if (Array.isArray(v))
      return v.flatMap((x, i) => flat(x, typeof x === 'object' && x ? `${path}[${i}]` : path));
    if (v && typeof v === 'object') {
      return Object.entries(v).flatMap(([k, x]) => flat(x, path ? `${path}.${k}` : k));
    }
    return [];
  };
  return flat(b, '').join('; ');
}

class HubClient {
  private constructor(
    private readonly base: string,
    private readonly bearer: string,
    private readonly trust: TrustOptions,
  ) {}

  static async signIn(target: HubTarget): Promise<HubClient> {
    try {
      const bearer = await dockerHubBearerToken(target.url, target, target.trust ?? {});
      return new HubClient(hubApiBase(target.url), bearer, target.trust ?? {});
    } catch (err) {
      if (err instanceof HubSignInError)
        throw new HubSyncError(`Sign-in to Docker Hub failed: ${err.message}`);
      throw err;
    }
  }

  async call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const url = this.base + path;
    const dispatcher = dispatcherFor(this.trust, TIMEOUT_MS);
    try {
      const res = await request(url, {
        method,
        headers: {
          'user-agent': 'Slipway',
          accept: 'application/json',
          authorization: `Bearer ${this.bearer}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = (await res.body.text()).slice(0, 1024 * 1024);
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, json };
    } catch (err) {
      throw new HubSyncError(
        `Docker Hub could not be reached: ${describeConnectionError(err, url, TIMEOUT_MS / 1000)}`,
      );
    } finally {
      void dispatcher
        .close()
        .catch((err: unknown) => logger.debug({ err }, 'closing a dispatcher failed'));
    }
  }
}

const pipelinesPath = (repository: string) => {
  const [ns, ...rest] = repository.split('/');
  return `/v2/repositories/${encodeURIComponent(ns!)}/${encodeURIComponent(rest.join('/'))}/webhook_pipeline/`;
};

function refusal(what: string, a: Answer): HubSyncError {
  const reason = hubReason(a.json);
  return new HubSyncError(
    `Docker Hub refused to ${what} (HTTP ${a.status}${reason ? `: ${reason}` : ''})`,
    a.status,
  );
}

function asPipeline(json: unknown): HubPipeline {
  const p = json as Partial<HubPipeline> | undefined;
  if (!p || typeof p.slug !== 'string')
    throw new HubSyncError('Docker Hub answered without a webhook slug');
  return {
    name: String(p.name ?? ''),
    slug: p.slug,
    webhooks: Array.isArray(p.webhooks) ? p.webhooks : [],
  };
}

export async function listHubWebhooks(
  target: HubTarget,
  repository: string,
): Promise<HubPipeline[]> {
  const hub = await HubClient.signIn(target);
  const a = await hub.call('GET', pipelinesPath(repository));
  if (a.status !== 200) throw refusal(`list the webhooks of ${repository}`, a);
  const results = (a.json as { results?: unknown[] } | undefined)?.results ?? [];
  return results.map(asPipeline);
}

/**
 * Makes the Hub hold exactly one webhook pipeline named `name` on `repository` pointing at
 * `hookUrl`. Moves it when the repository changed (deletes the old one), updates it in place
 * when it exists, creates it otherwise, and adopts a same-named one the Hub already has.
 */
export async function syncHubWebhook(
  target: HubTarget,
  want: { repository: string; name: string; hookUrl: string },
  previous: HubPipelineRef | null,
): Promise<HubPipelineRef> {
  const hub = await HubClient.signIn(target);
  const body = {
    name: want.name,
    expect_final_callback: false,
    webhooks: [{ name: want.name, hook_url: want.hookUrl }],
  };
  const base = pipelinesPath(want.repository);
  if (previous && previous.repository !== want.repository) {
    await deleteWith(hub, previous);
  } else if (previous) {
    const u = await hub.call('PATCH', `${base}${encodeURIComponent(previous.slug)}/`, body);
    if (u.status === 200) return { repository: want.repository, slug: asPipeline(u.json).slug };
    if (u.status !== 404) throw refusal(`update the webhook on ${want.repository}`, u);
  }
  const c = await hub.call('POST', base, body);
  if (c.status === 200 || c.status === 201)
    return { repository: want.repository, slug: asPipeline(c.json).slug };
  if (c.status === 409) {
    // A webhook of that name already exists there (a retry after a lost answer): take it over.
    const list = await hub.call('GET', base);
    const results = ((list.json as { results?: unknown[] } | undefined)?.results ?? []).map(
      asPipeline,
    );
    const existing = results.find((p) => p.name === want.name);
    if (existing) {
      const u = await hub.call('PATCH', `${base}${encodeURIComponent(existing.slug)}/`, body);
      if (u.status === 200) return { repository: want.repository, slug: asPipeline(u.json).slug };
      throw refusal(`update the webhook on ${want.repository}`, u);
    }
  }
  throw refusal(`create the webhook on ${want.repository}`, c);
}

async function deleteWith(hub: HubClient, ref: HubPipelineRef): Promise<void> {
  const d = await hub.call(
    'DELETE',
    `${pipelinesPath(ref.repository)}${encodeURIComponent(ref.slug)}/`,
  );
  // Already gone on the Hub is what we want.
  if (d.status !== 204 && d.status !== 200 && d.status !== 404)
    throw refusal(`delete the webhook on ${ref.repository}`, d);
}

export async function deleteHubWebhook(target: HubTarget, ref: HubPipelineRef): Promise<void> {
  const hub = await HubClient.signIn(target);
  await deleteWith(hub, ref);
}
