/** In-memory state of the Docker Hub stand-in; tests read it to see what Slipway did. */

export interface FakeWebhook {
  id: number;
  name: string;
  hook_url: string;
  created: string;
}

export interface FakePipeline {
  name: string;
  slug: string;
  expect_final_callback: boolean;
  webhooks: FakeWebhook[];
  created: string;
  last_updated: string;
  creator: string;
  last_updater: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

/**
 * `ok`: behaves like the Hub. `refuse`: every repository call answers 403 like a Hub that does
 * not let this account manage webhooks. `down`: every connection is dropped without an answer.
 */
export type FakeHubMode = 'ok' | 'refuse' | 'down';

export interface FakeHubState {
  mode: FakeHubMode;
  /** username → accepted secret (password or personal access token). */
  users: Map<string, string>;
  /** Extra repositories (`namespace/name`) that exist besides `<user>/*` ones. */
  repositories: Set<string>;
  /** Bearer tokens handed out by the sign-in endpoints → username. */
  tokens: Map<string, string>;
  /** `namespace/name` → pipelines by slug. */
  pipelines: Map<string, Map<string, FakePipeline>>;
  requests: RecordedRequest[];
  nextWebhookId: number;
}

export function createState(users: Record<string, string>, repositories: string[]): FakeHubState {
  return {
    mode: 'ok',
    users: new Map(Object.entries(users)),
    repositories: new Set(repositories),
    tokens: new Map(),
    pipelines: new Map(),
    requests: [],
    nextWebhookId: 1,
  };
}

/** The Hub derives a pipeline's slug from its name. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Every hook URL the stand-in currently holds for a repository. */
export function hookUrlsOf(state: FakeHubState, repository: string): string[] {
  const byslug = state.pipelines.get(repository);
  if (!byslug) return [];
  return [...byslug.values()].flatMap((p) => p.webhooks.map((w) => w.hook_url));
}
