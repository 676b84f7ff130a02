import { z } from 'zod';
import { Email, Name, Password } from './common';

export const SetupInput = z
  .object({ email: Email, password: Password, name: Name })
  .meta({ id: 'SetupInput' });
export const CreateUserInput = z
  .object({ email: Email, password: Password, name: Name, admin: z.boolean().default(false) })
  .meta({ id: 'CreateUserInput' });
export const UpdateUserInput = z
  .object({ email: Email, password: Password, name: Name, admin: z.boolean() })
  .partial()
  .meta({ id: 'UpdateUserInput' });
export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    admin: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof User>;
