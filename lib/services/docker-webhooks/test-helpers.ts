import fs from 'node:fs';
import path from 'node:path';
import { encryptJson } from '../../crypto/secrets';
import type { Db } from '../../db/client';
import { endpoints, pipelines } from '../../db/schema';
import { createApiToken } from '../tokens';

/** Test data for the Docker trigger: a Docker Hub endpoint, a Docker pipeline, a token. */
export async function makeHubEndpoint(
  db: Db,
  projectId: string,
  url: string,
  username = 'alice',
  password = 'pw-alice',
) {
  const [row] = await db
    .insert(endpoints)
    .values({
      projectId,
      name: `hub-${Math.random().toString(36).slice(2, 8)}`,
      type: 'DOCKER_REGISTRY',
      properties: { serverType: 'DOCKER_HUB', url, username },
      secrets: encryptJson({ password }),
    })
    .returning();
  return row!;
}

export async function makeDockerPipeline(
  db: Db,
  projectId: string,
  opts: { docker?: boolean; enabled?: boolean } = {},
) {
  const name = `deploy-${Math.random().toString(36).slice(2, 8)}`;
  const doc = {
    kind: 'PIPELINE',
    name,
    enabled: opts.enabled ?? true,
    concurrency: 5,
    ...(opts.docker !== false && { autoInject: 'DOCKER' }),
    input: {
      ...(opts.docker !== false && {
        DOCKER_EVENT_OWNER_NAME: '',
        DOCKER_IMAGE: '',
        DOCKER_REPO_NAME: '',
        DOCKER_REPO_NAMESPACE: '',
        DOCKER_TAG: '',
      }),
      REPLICAS: '2',
    },
    output: {},
    stageOrder: [],
    stages: {},
  };
  const [row] = await db
    .insert(pipelines)
    .values({
      projectId,
      name,
      enabled: opts.enabled ?? true,
      document: JSON.stringify(doc),
      autoInject: opts.docker !== false ? 'DOCKER' : null,
    })
    .returning();
  return row!;
}

export async function makeToken(db: Db, email: string, password: string) {
  return createApiToken(db, { email, password, name: 'webhook' });
}

export const fixtureText = (name: string) =>
  fs.readFileSync(path.join(__dirname, '../../receiver/fixtures', name), 'utf8');
