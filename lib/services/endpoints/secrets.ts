import { and, eq, or } from 'drizzle-orm';
import { notFound } from '../../api/errors';
import { decryptJson, encryptJson } from '../../crypto/secrets';
import type { DbOrTx } from '../../db/client';
import { endpoints } from '../../db/schema';
import { isUuid } from '../access';
import type { EndpointWithSecrets } from './types';

export type EndpointRow = typeof endpoints.$inferSelect;

export function readSecrets(row: Pick<EndpointRow, 'secrets'>): Record<string, string> {
  return row.secrets ? decryptJson<Record<string, string>>(row.secrets) : {};
}

export function sealSecrets(values: Record<string, string>): string | null {
  return Object.keys(values).length ? encryptJson(values) : null;
}

/** A stored row with its credentials decrypted and merged into `properties`. */
export function withSecrets(row: EndpointRow): EndpointWithSecrets {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    lastValidation: row.lastValidation ?? null,
    type: row.type,
    properties: { ...row.properties, ...readSecrets(row) },
  } as unknown as EndpointWithSecrets;
}

/** Server-side only: an endpoint by id, credentials decrypted. No access check (callers own it). */
export async function loadEndpointById(db: DbOrTx, id: string): Promise<EndpointWithSecrets> {
  const [row] = isUuid(id) ? await db.select().from(endpoints).where(eq(endpoints.id, id)) : [];
  if (!row) throw notFound(`Endpoint "${id}"`);
  return withSecrets(row);
}

/**
 * Server-side only: the endpoint of a project by name or id, credentials decrypted — what task
 * handlers and the Docker webhook sync use. Never return it from an API route.
 */
export async function loadEndpointWithSecrets(
  db: DbOrTx,
  projectId: string,
  nameOrId: string,
): Promise<EndpointWithSecrets> {
  const cond = isUuid(nameOrId)
    ? or(eq(endpoints.id, nameOrId), eq(endpoints.name, nameOrId))
    : eq(endpoints.name, nameOrId);
  const [row] = await db
    .select()
    .from(endpoints)
    .where(and(eq(endpoints.projectId, projectId), cond));
  if (!row) throw notFound(`Endpoint "${nameOrId}"`);
  return withSecrets(row);
}
