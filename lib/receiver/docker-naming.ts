/**
 * Docker's naming rules (distribution/reference): a tag is `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
 * a repository path component is lower-case alphanumerics joined by `.`, `_`, `__` or dashes;
 * the whole name is at most 255 characters.
 */
export const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
export const MAX_REPOSITORY_LENGTH = 255;
export const OFFICIAL_NAMESPACE = 'library';

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

export function isValidComponent(part: string): boolean {
  return COMPONENT_RE.test(part);
}

/** Why a repository (`namespace/name`) breaks the rules, or null when it is fine. */
export function repositoryProblem(namespace: string, name: string): string | null {
  if (!namespace) return 'the repository namespace is empty';
  if (!name) return 'the repository name is empty';
  if (!isValidComponent(namespace)) {
    return `namespace "${namespace}" must be lower-case letters and digits separated by ".", "_" or "-"`;
  }
  for (const part of name.split('/')) {
    if (!isValidComponent(part)) {
      return `repository name "${name}" must be lower-case letters and digits separated by ".", "_" or "-"`;
    }
  }
  if (namespace.length + 1 + name.length > MAX_REPOSITORY_LENGTH) {
    return `the repository name is longer than ${MAX_REPOSITORY_LENGTH} characters`;
  }
  return null;
}

/** `nginx` → library/nginx; `acme/web` → acme/web. Returns null when it has no name at all. */
export function splitRepository(ref: string): { namespace: string; name: string } | null {
  const trimmed = ref.trim();
  if (!trimmed) return null;
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { namespace: OFFICIAL_NAMESPACE, name: trimmed };
  return { namespace: trimmed.slice(0, slash), name: trimmed.slice(slash + 1) };
}
