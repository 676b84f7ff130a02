/**
 * Patch semantics for the fake API server: JSON merge patch (RFC 7386) and a strategic merge
 * good enough for the built-in kinds used here (lists of objects that all carry `name` — containers,
 * env, volumes, ports, imagePullSecrets — merge by name; other lists are replaced). Server-side
 * apply is approximated as a strategic merge of the applied configuration over the live object.
 */
type Json = unknown;

export function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, Json> = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function mergeableByName(list: Json[]): list is Record<string, Json>[] {
  return list.length > 0 && list.every((i) => isObject(i) && typeof i.name === 'string');
}

export function strategicMerge(target: Json, patch: Json): Json {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !mergeableByName(patch) || !mergeableByName(target))
      return clone(patch);
    const out = clone(target);
    for (const item of patch) {
      if (item.$patch === 'delete') {
        const at = out.findIndex((o) => o.name === item.name);
        if (at >= 0) out.splice(at, 1);
        continue;
      }
      const at = out.findIndex((o) => o.name === item.name);
      if (at >= 0) out[at] = strategicMerge(out[at], item) as Record<string, Json>;
      else out.push(clone(item));
    }
    return out;
  }
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const rest = clone(patch);
    delete rest.$patch;
    return rest;
  }
  const out: Record<string, Json> = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k], v);
  }
  return out;
}

/** Deep equality for JSON values (used to decide whether `spec` changed). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Matches a Kubernetes label selector string (`a=b,c!=d,e,!f`) against labels. */
export function matchesLabelSelector(
  selector: string | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((term) => {
      const ne = term.split('!=');
      if (ne.length === 2) return l[ne[0]!.trim()] !== ne[1]!.trim();
      const eq = term.split(/==?/);
      if (eq.length === 2) return l[eq[0]!.trim()] === eq[1]!.trim();
      if (term.startsWith('!')) return !(term.slice(1) in l);
      return term in l;
    });
}
