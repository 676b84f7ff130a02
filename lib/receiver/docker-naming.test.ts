import { describe, expect, it } from 'vitest';
import { isValidTag, repositoryProblem, splitRepository } from './docker-naming';
import { compileTagPattern, tagMatches, tagPatternProblem } from './tag-pattern';

describe('Docker naming', () => {
  it('validates tags', () => {
    expect(isValidTag('latest')).toBe(true);
    expect(isValidTag('v1.2.3-rc_1')).toBe(true);
    expect(isValidTag('')).toBe(false);
    expect(isValidTag('-x')).toBe(false);
    expect(isValidTag('x'.repeat(129))).toBe(false);
  });
  it('validates repositories', () => {
    expect(repositoryProblem('acme', 'web-app')).toBeNull();
    expect(repositoryProblem('library', 'nginx')).toBeNull();
    expect(repositoryProblem('my.org', 'a__b')).toBeNull();
    expect(repositoryProblem('Acme', 'web')).toMatch(/namespace/);
    expect(repositoryProblem('acme', 'web_')).toMatch(/name/);
    expect(repositoryProblem('acme', 'a'.repeat(260))).toMatch(/255/);
  });
  it('splits repository references', () => {
    expect(splitRepository('nginx')).toEqual({ namespace: 'library', name: 'nginx' });
    expect(splitRepository('acme/web')).toEqual({ namespace: 'acme', name: 'web' });
    expect(splitRepository('  ')).toBeNull();
  });
});

describe('tag patterns', () => {
  it('matches globs anchored', () => {
    expect(tagMatches('*', 'anything')).toBe(true);
    expect(tagMatches('', 'anything')).toBe(true);
    expect(tagMatches('v*', 'v1.2')).toBe(true);
    expect(tagMatches('v*', 'xv1')).toBe(false);
    expect(tagMatches('1.?', '1.2')).toBe(true);
    expect(tagMatches('1.?', '102')).toBe(false);
  });
  it('matches /regex/ anchored', () => {
    expect(tagMatches('/v\\d+\\.\\d+/', 'v1.20')).toBe(true);
    expect(tagMatches('/v\\d+/', 'v1-beta')).toBe(false);
    expect(tagMatches('/LATEST/i', 'latest')).toBe(true);
    expect(compileTagPattern('/a|b/').test('ab')).toBe(false);
  });
  it('explains bad patterns', () => {
    expect(tagPatternProblem('/(/')).toMatch(/regular expression/);
    // The message quotes the pattern as typed, not as wrapped for matching.
    expect(tagPatternProblem('/[unclosed/')).toContain('/[unclosed/');
    expect(tagPatternProblem('/[unclosed/')).not.toContain('^(?:');
    expect(tagPatternProblem('x'.repeat(201))).toMatch(/200/);
    expect(tagPatternProblem('v*')).toBeNull();
  });
});
