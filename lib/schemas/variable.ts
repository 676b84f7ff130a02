import { z } from 'zod';
import { VARIABLE_TYPES } from '../db/schema/variables';

export const MASK = '*****';

export const VariableName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'starts with a letter or _, then letters, digits, _ or -');
export const VariableType = z.enum(VARIABLE_TYPES);
const Value = z.string().max(64 * 1024, 'at most 64 KiB');

export const CreateVariableInput = z
  .object({
    project: z.string().trim().min(1, 'choose a project'),
    name: VariableName,
    type: VariableType.default('REGULAR'),
    value: Value,
    description: z.string().max(2000).default(''),
    /** RESTRICTED only; project administrators only: pipeline ids or names. */
    allowedPipelines: z.array(z.string()).optional(),
  })
  .meta({ id: 'CreateVariableInput' });

export const UpdateVariableInput = z
  .object({
    name: VariableName,
    type: VariableType,
    value: Value,
    description: z.string().max(2000),
    allowedPipelines: z.array(z.string()),
  })
  .partial()
  .meta({ id: 'UpdateVariableInput' });

export const Variable = z
  .object({
    id: z.string(),
    project: z.string(),
    projectId: z.string(),
    name: z.string(),
    type: VariableType,
    /** The value of a REGULAR variable; "*****" for SECRET and RESTRICTED. */
    value: z.string(),
    description: z.string(),
    allowedPipelines: z.array(z.object({ id: z.string(), name: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Variable' });

export const VariableListQuery = z.object({
  project: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type VariableDto = z.infer<typeof Variable>;
export type CreateVariableBody = z.infer<typeof CreateVariableInput>;
export type UpdateVariableBody = z.infer<typeof UpdateVariableInput>;
