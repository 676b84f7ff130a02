import { z } from 'zod';
import { Description, Email } from './common';
import { ROLES } from '../db/schema/projects';

export const ProjectName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(63)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'letters, digits, spaces, dot, dash and underscore only');
export const CreateProjectInput = z
  .object({ name: ProjectName, description: Description })
  .meta({ id: 'CreateProjectInput' });
export const UpdateProjectInput = z
  .object({ name: ProjectName, description: z.string().max(2000) })
  .partial()
  .meta({ id: 'UpdateProjectInput' });
export const Project = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
  })
  .meta({ id: 'Project' });
export const Role = z.enum(ROLES);
export const AddMemberInput = z.object({ email: Email, role: Role }).meta({ id: 'AddMemberInput' });
export const Member = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: Role,
    createdAt: z.string(),
  })
  .meta({ id: 'Member' });
export type ProjectDto = z.infer<typeof Project>;
export type MemberDto = z.infer<typeof Member>;
