import { describe, expect, it } from 'vitest';
import { moveTaskToGroup } from './structure';

describe('moveTaskToGroup', () => {
  const order = ['build', 'test, lint', 'deploy'];

  it('makes a task run in parallel with another group, dropping the group it leaves empty', () => {
    expect(moveTaskToGroup(order, 'deploy', 0)).toEqual(['build, deploy', 'test, lint']);
    expect(moveTaskToGroup(order, 'build', 2)).toEqual(['test, lint', 'deploy, build']);
  });

  it('takes a task out of a parallel group into a group of its own at the end', () => {
    expect(moveTaskToGroup(order, 'test', 'end')).toEqual(['build', 'lint', 'deploy', 'test']);
  });

  it('leaves the order alone for its own group, an unknown task or a group that is not there', () => {
    expect(moveTaskToGroup(order, 'lint', 1)).toEqual(order);
    expect(moveTaskToGroup(order, 'nope', 0)).toEqual(order);
    expect(moveTaskToGroup(order, 'build', 7)).toEqual(order);
  });
});
