/**
 * A webhook's tag filter: a glob (`*` any run, `?` one character; `*` alone or empty = all)
 * or a regular expression written as `/…/` (optionally `/…/i`). Anchored: the whole tag must match.
 */
export const MAX_TAG_PATTERN = 200;

export function compileTagPattern(pattern: string): RegExp {
  const p = pattern.trim();
  const re = /^\/(.+)\/([i]?)$/.exec(p);
  if (re) {
    // Compiled as written first, so a broken one is reported in the user's own text.
    const own = new RegExp(re[1]!, re[2]);
    return new RegExp(`^(?:${own.source})$`, own.flags);
  }
  if (p === '' || p === '*') return /^.*$/;
  const body = p
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** Why the pattern cannot be used, or null. */
export function tagPatternProblem(pattern: string): string | null {
  if (pattern.length > MAX_TAG_PATTERN) return `must be at most ${MAX_TAG_PATTERN} characters`;
  try {
    compileTagPattern(pattern);
    return null;
  } catch (err) {
    return `is not a valid regular expression: ${(err as Error).message}`;
  }
}

export function tagMatches(pattern: string, tag: string): boolean {
  return compileTagPattern(pattern).test(tag);
}
