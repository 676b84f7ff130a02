import { z } from 'zod';
import { isValidTag, OFFICIAL_NAMESPACE, repositoryProblem } from './docker-naming';

/**
 * Docker Hub's push payload in every variant seen in the wild: integer or float `pushed_at`,
 * an optional `images` list (older deliveries), an optional `tag` (missing → latest), and
 * `namespace: library` for official images. Unknown keys are kept (the raw payload is stored).
 */
const Timestamp = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?([eE][+-]?\d+)?$/)]);

export const DockerHubPushPayload = z
  .object({
    callback_url: z.string().max(2000).optional(),
    push_data: z
      .object({
        pushed_at: Timestamp.optional(),
        pusher: z.string().max(256).optional(),
        tag: z.string().max(256).nullish(),
        images: z.array(z.string().max(512)).max(1000).optional(),
      })
      .loose(),
    repository: z
      .object({
        repo_name: z.string().max(512).optional(),
        name: z.string().max(256).optional(),
        namespace: z.string().max(256).optional(),
        owner: z.string().max(256).optional(),
      })
      .loose(),
  })
  .loose();

export interface DockerPush {
  namespace: string;
  name: string;
  /** `namespace/name` as Docker Hub sends it in `repo_name`. */
  repoName: string;
  tag: string;
  pusher: string;
  images: string[];
  /** Normalised seconds since the epoch (1.417566161e+09 and 1417566161 give the same), or null. */
  pushedAt: string | null;
  callbackUrl: string | null;
}

export type ParseResult =
  | { ok: true; push: DockerPush }
  /** `shape`: not a push payload at all; `naming`: a push whose tag or repository is invalid. */
  | { ok: false; kind: 'shape' | 'naming'; reason: string; partial?: Partial<DockerPush> };

function normaliseTimestamp(v: number | string | undefined): string | null {
  if (v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) return null;
  return String(Math.round(n * 1000) / 1000);
}

export function parseDockerHubPush(body: unknown): ParseResult {
  const r = DockerHubPushPayload.safeParse(body);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first?.path.map(String).join('.') || '(body)';
    return {
      ok: false,
      kind: 'shape',
      reason: `Not a Docker Hub push payload: ${where}: ${first?.message ?? 'invalid'}`,
    };
  }
  const { push_data: pd, repository: repo, callback_url } = r.data;
  const fromRepoName = repo.repo_name?.includes('/') ? repo.repo_name.split('/') : undefined;
  const namespace = repo.namespace || fromRepoName?.[0] || OFFICIAL_NAMESPACE;
  const name = repo.name || fromRepoName?.slice(1).join('/') || repo.repo_name || '';
  const repoName = repo.repo_name || `${namespace}/${name}`;
  const tag = pd.tag || 'latest';
  const push: DockerPush = {
    namespace,
    name,
    repoName,
    tag,
    pusher: pd.pusher ?? '',
    images: pd.images ?? [],
    pushedAt: normaliseTimestamp(pd.pushed_at),
    callbackUrl: callback_url ?? null,
  };
  if (!name) {
    return {
      ok: false,
      kind: 'shape',
      reason: 'Not a Docker Hub push payload: repository.name is missing',
    };
  }
  const repoProblem = repositoryProblem(namespace, name);
  if (repoProblem)
    return {
      ok: false,
      kind: 'naming',
      reason: `Invalid repository: ${repoProblem}`,
      partial: push,
    };
  if (!isValidTag(tag)) {
    return {
      ok: false,
      kind: 'naming',
      reason: `Invalid tag "${tag.slice(0, 140)}": a Docker tag is [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`,
      partial: push,
    };
  }
  return { ok: true, push };
}

/** The Docker inputs a pipeline receives (product.md §4). */
export function dockerInputs(push: DockerPush): Record<string, string> {
  return {
    DOCKER_EVENT_OWNER_NAME: push.pusher,
    DOCKER_IMAGE: `${push.repoName}:${push.tag}`,
    DOCKER_REPO_NAME: push.name,
    DOCKER_REPO_NAMESPACE: push.namespace,
    DOCKER_TAG: push.tag,
  };
}
