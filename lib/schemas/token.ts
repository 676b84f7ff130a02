import { z } from 'zod';
import { Email } from './common';

export const CreateTokenInput = z
  .object({
    email: Email,
    password: z.string().min(1, 'must not be empty'),
    name: z.string().trim().max(100).optional(),
  })
  .meta({ id: 'CreateTokenInput' });
export const CreatedToken = z
  .object({ id: z.uuid(), name: z.string(), refreshToken: z.string(), expiresAt: z.string() })
  .meta({ id: 'CreatedToken' });
export const ApiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    status: z.enum(['ACTIVE', 'EXPIRED', 'REVOKED']),
  })
  .meta({ id: 'ApiToken' });
export const LoginInput = z
  .object({ refreshToken: z.string().min(1, 'must not be empty') })
  .meta({ id: 'LoginInput' });
export const AccessToken = z
  .object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number() })
  .meta({ id: 'AccessToken' });
export type ApiTokenDto = z.infer<typeof ApiToken>;
