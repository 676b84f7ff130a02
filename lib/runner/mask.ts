export const MASK = '*****';

/** Secrets shorter than this are not masked inside longer text (they would mask ordinary words). */
const MIN_SECRET_LENGTH = 3;

/** Replaces every occurrence of a secret value in strings (deeply, keys included) with *****. */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const list = secrets
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  const maskText = (text: string): string => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [maskText(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
