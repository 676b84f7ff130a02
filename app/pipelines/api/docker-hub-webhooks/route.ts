import { NextResponse } from 'next/server';
import { handle } from '@/lib/api/handler';
import { DEFAULT_MAX_BODY, readBodyLimited } from '@/lib/api/body';
import { getDb } from '@/lib/db/client';
import {
  receiveDockerHubDelivery,
  registerDockerHubCallback,
} from '@/lib/services/registry-events';

export const dynamic = 'force-dynamic';

// The runner of this process reports outcomes to Docker Hub (idempotent; see lib/runner/extensions.ts).
registerDockerHubCallback();

/**
 * The Docker Hub receiver (api.md "The receiver"). Authenticated by the secure token in the
 * URL, not by a session: `auth: false`, and the service decides every status.
 */
export const POST = handle(
  { route: '/pipelines/api/docker-hub-webhooks', auth: false },
  async ({ req }) => {
    const answer = await receiveDockerHubDelivery(await getDb(), {
      secureToken: req.nextUrl.searchParams.get('secureToken'),
      readBody: () => readBodyLimited(req, DEFAULT_MAX_BODY),
    });
    return NextResponse.json(answer.body, { status: answer.status });
  },
);
