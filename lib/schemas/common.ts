import { z } from 'zod';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }));
export const Password = z.string().min(8, 'must be at least 8 characters').max(256);
export const Name = z.string().trim().min(1, 'must not be empty').max(100);
export const Description = z.string().max(2000).default('');
export const Id = z.uuid();
