import { describe, expect, it } from 'vitest';
import { validationFailed } from './errors';

describe('validationFailed', () => {
  it('names the field of each problem, and says a whole-document problem as it is', () => {
    const e = validationFailed([
      { path: '', message: 'a pipeline document must be an object' },
      { path: 'stages.Deploy', message: 'has no tasks' },
    ]);
    expect(e.message).toBe('a pipeline document must be an object; stages.Deploy: has no tasks');
    expect(e.details).toEqual({ issues: expect.any(Array) });
  });
});
