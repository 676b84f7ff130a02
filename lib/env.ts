import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().url().optional(),
  SLIPWAY_DATA_DIR: z.string().default('./data'),
  SLIPWAY_SECRET_KEY: z.string().optional(),
  SLIPWAY_PUBLIC_URL: z.string().url().optional(),
  SLIPWAY_CALLBACK_HOSTS: z.string().default('hub.docker.com,registry.hub.docker.com'),
  SLIPWAY_RUNNER: z.enum(['on', 'off']).default('on'),
  /** Live events (what SSE streams replay) older than this are deleted by the runner. */
  SLIPWAY_LIVE_EVENTS_DAYS: z.coerce.number().int().min(1).default(7),
  SLIPWAY_LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default('info'),
  NEXTAUTH_SECRET: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('Single sign-on'),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Parsed once; a bad value stops the process with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().SLIPWAY_DATA_DIR);
}

export function publicUrl(): string {
  return (env().SLIPWAY_PUBLIC_URL ?? `http://localhost:${env().PORT}`).replace(/\/+$/, '');
}

/** Test hook: re-read the environment after a test changed it. */
export function resetEnvForTests(): void {
  cached = undefined;
}
