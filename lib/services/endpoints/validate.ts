import { eq } from 'drizzle-orm';
import { validationFailed } from '../../api/errors';
import { endpoints, type EndpointValidation } from '../../db/schema';
import { checkKubernetes } from '../../k8s/validate';
import { dockerHubBearerToken, HubSignInError } from '../../registries/docker-hub-auth';
import { checkRegistryV2 } from '../../registries/registry-v2';
import type { ValidateResultDto } from '../../schemas/endpoint';
import { fetchCertificate, type FetchedCertificate } from '../../tls/certificate';
import { logger } from '../../log';
import type { Ctx } from '../context';
import { requireEndpoint } from './crud';
import { withSecrets } from './secrets';
import type { DockerRegistryConfig, EndpointWithSecrets } from './types';

async function checkDockerHub(cfg: DockerRegistryConfig): Promise<ValidateResultDto> {
  try {
    await dockerHubBearerToken(cfg.url, cfg, { fingerprint: cfg.fingerprint });
    return {
      ok: true,
      message: `Signed in to Docker Hub at ${new URL(cfg.url).origin} as ${cfg.username}`,
    };
  } catch (err) {
    if (err instanceof HubSignInError) return { ok: false, message: err.message };
    throw err;
  }
}

/** Contacts the endpoint's real server with its stored credentials and says what it found. */
export async function checkEndpoint(e: EndpointWithSecrets): Promise<ValidateResultDto> {
  if (e.type === 'KUBERNETES') {
    const r = await checkKubernetes(e.properties);
    return { ok: r.ok, message: r.message };
  }
  const cfg = e.properties;
  if (cfg.serverType === 'DOCKER_HUB') return checkDockerHub(cfg);
  const r = await checkRegistryV2(cfg.url, cfg, { fingerprint: cfg.fingerprint });
  return { ok: r.ok, message: r.message };
}

/** POST /endpoints/{id}/validate: checks, and stores the result as the endpoint's last validation. */
export async function validateEndpoint(ctx: Ctx, id: string): Promise<ValidateResultDto> {
  const { row } = await requireEndpoint(ctx, id, 'EXECUTOR');
  const result = await checkEndpoint(withSecrets(row));
  const last: EndpointValidation = { ...result, at: new Date().toISOString() };
  await ctx.db.update(endpoints).set({ lastValidation: last }).where(eq(endpoints.id, row.id));
  logger.info({ endpointId: row.id, ok: result.ok }, 'endpoint validated');
  return result;
}

/** POST /endpoints/certificate: the certificate an https server presents, for the user to accept. */
export async function describeCertificate(_ctx: Ctx, url: string): Promise<FetchedCertificate> {
  if (!url.startsWith('https:')) {
    throw validationFailed([{ path: 'url', message: 'only an https:// URL has a certificate' }]);
  }
  try {
    return await fetchCertificate(url);
  } catch (err) {
    throw validationFailed(
      [{ path: 'url', message: (err as Error).message }],
      (err as Error).message,
    );
  }
}
