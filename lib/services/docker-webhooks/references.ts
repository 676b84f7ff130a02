import { and, eq, or } from 'drizzle-orm';
import { validationFailed } from '../../api/errors';
import { ROLE_RANK } from '../../auth/actor';
import type { DbOrTx } from '../../db/client';
import { endpoints, pipelines, projectMembers, users, type PipelineRow } from '../../db/schema';
import { DOCKER_INPUTS } from '../../schemas/pipeline';
import { isUuid } from '../access';
import { readDocument } from '../pipelines/view';
import { checkRefreshToken } from '../tokens';

/** A Docker registry endpoint of the project, by name or id; otherwise a 422 on `endpoint`. */
export async function resolveDockerEndpoint(db: DbOrTx, projectId: string, ref: string) {
  const cond = isUuid(ref)
    ? or(eq(endpoints.id, ref), eq(endpoints.name, ref))
    : eq(endpoints.name, ref);
  const [row] = await db
    .select({ id: endpoints.id, name: endpoints.name, type: endpoints.type })
    .from(endpoints)
    .where(and(eq(endpoints.projectId, projectId), cond));
  if (!row)
    throw validationFailed([{ path: 'endpoint', message: `no endpoint "${ref}" in this project` }]);
  if (row.type !== 'DOCKER_REGISTRY') {
    throw validationFailed([
      { path: 'endpoint', message: `"${row.name}" is not a Docker registry endpoint` },
    ]);
  }
  return row;
}

/** The pipeline's input names in document order (auto-inject DOCKER adds the Docker ones). */
export function pipelineInputNames(row: Pick<PipelineRow, 'document'>): string[] {
  const doc = readDocument(row);
  const names = Object.keys(doc.input ?? {});
  if (doc.autoInject === 'DOCKER') {
    for (const n of DOCKER_INPUTS) if (!names.includes(n)) names.push(n);
  }
  return names;
}

export function hasDockerInputs(row: Pick<PipelineRow, 'document'>): boolean {
  const names = new Set(pipelineInputNames(row));
  return DOCKER_INPUTS.every((n) => names.has(n));
}

/** A pipeline of the project whose inputs include every Docker input; otherwise a 422. */
export async function resolveDockerPipeline(db: DbOrTx, projectId: string, ref: string) {
  const cond = isUuid(ref)
    ? or(eq(pipelines.id, ref), eq(pipelines.name, ref))
    : eq(pipelines.name, ref);
  const [row] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.projectId, projectId), cond));
  if (!row)
    throw validationFailed([{ path: 'pipeline', message: `no pipeline "${ref}" in this project` }]);
  if (!hasDockerInputs(row)) {
    throw validationFailed([
      {
        path: 'pipeline',
        message: `"${row.name}" has no Docker inputs (${DOCKER_INPUTS.join(', ')}); choose Docker in its Input tab`,
      },
    ]);
  }
  return row;
}

/** Webhook input values must name the pipeline's other inputs (not the Docker ones). */
export function checkInputs(
  row: Pick<PipelineRow, 'document'>,
  inputs: Record<string, string>,
): void {
  const declared = new Set(pipelineInputNames(row));
  const docker = new Set<string>(DOCKER_INPUTS);
  const issues = Object.keys(inputs).flatMap((k) =>
    docker.has(k)
      ? [
          {
            path: `inputs.${k}`,
            message: 'is filled from each Docker Hub push and cannot be set here',
          },
        ]
      : !declared.has(k)
        ? [{ path: `inputs.${k}`, message: 'is not an input of the pipeline' }]
        : [],
  );
  if (issues.length) throw validationFailed(issues);
}

/**
 * The API token whose user the executions will run as: valid now, and its user may run
 * pipelines in the project (EXECUTOR or more, or a system administrator).
 */
export async function resolveRunAsToken(db: DbOrTx, projectId: string, refreshToken: string) {
  let checked;
  try {
    checked = await checkRefreshToken(db, refreshToken);
  } catch (err) {
    throw validationFailed([{ path: 'refreshToken', message: (err as Error).message }]);
  }
  const problem = await runAsProblem(db, projectId, checked.token.userId);
  if (problem) throw validationFailed([{ path: 'refreshToken', message: problem }]);
  return checked.token;
}

/** Why the token's user may not run pipelines of the project (null when they may). */
export async function runAsProblem(
  db: DbOrTx,
  projectId: string,
  userId: string,
): Promise<string | null> {
  const [u] = await db
    .select({ admin: users.admin, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) return 'the API token user no longer exists';
  if (u.admin) return null;
  const [m] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  if (!m || ROLE_RANK[m.role] < ROLE_RANK.EXECUTOR) {
    return `the API token belongs to ${u.email}, who may not run pipelines in this project (needs EXECUTOR or more)`;
  }
  return null;
}
