import yaml from 'js-yaml';
import { plainScalar, substituteYaml, type BindingScope } from '../pipeline/bindings';

/**
 * The task's YAML → Kubernetes objects: one or many documents, parsed with the YAML core schema,
 * then bindings substituted into scalars only (a value never adds structure), so that
 * `replicas: ${input.REPLICAS}` becomes the number 2 and `image: ${input.DOCKER_IMAGE}` a string.
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const WHOLE_BINDING = /^\$\{([^{}]+)\}$/;

function substitute(node: unknown, resolve: (v: unknown) => unknown): unknown {
  if (typeof node === 'string') {
    if (!node.includes('${')) return node;
    return WHOLE_BINDING.test(node) ? plainScalar(resolve(node)) : String(resolve(node));
  }
  if (Array.isArray(node)) return node.map((v) => substitute(v, resolve));
  if (node && typeof node === 'object' && !(node instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k.includes('${') ? String(resolve(k)) : k] = substitute(v, resolve);
    }
    return out;
  }
  return node;
}

function describeDoc(i: number, total: number): string {
  return total > 1 ? `Document ${i + 1} of the YAML` : 'The YAML';
}

/**
 * Parses, substitutes and checks every document; throws ManifestError naming the document. With
 * the execution's scope the one evaluator (`substituteYaml`) does the work; otherwise `resolve`.
 */
export function parseManifests(
  text: string,
  resolve: (v: unknown) => unknown,
  scope?: BindingScope,
): K8sObject[] {
  if (!text.trim())
    throw new ManifestError('The task has no YAML: give one or more Kubernetes objects');
  let raw: unknown[] = [];
  try {
    if (scope) raw = substituteYaml(text, scope);
    else yaml.loadAll(text, (d) => raw.push(d), { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    const where = err.mark ? ` (line ${err.mark.line + 1}, column ${err.mark.column + 1})` : '';
    throw new ManifestError(`The YAML does not parse: ${err.reason ?? err.message}${where}`);
  }
  const docs = raw.filter((d) => d !== null && d !== undefined);
  if (docs.length === 0) throw new ManifestError('The YAML holds no documents');
  const out: K8sObject[] = [];
  docs.forEach((doc, i) => {
    const what = describeDoc(i, docs.length);
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new ManifestError(
        `${what} is not a Kubernetes object (it is a ${Array.isArray(doc) ? 'list' : typeof doc}, not a mapping)`,
      );
    }
    const o = (scope ? doc : substitute(doc, resolve)) as Record<string, unknown>;
    const missing = ['apiVersion', 'kind'].filter((k) => typeof o[k] !== 'string' || o[k] === '');
    if (missing.length) {
      throw new ManifestError(
        `${what} is not a Kubernetes object: it has no ${missing.join(' and no ')}`,
      );
    }
    if (o.kind === 'List' && Array.isArray(o.items)) {
      for (const item of o.items) out.push(checkObject(item, what));
      return;
    }
    out.push(checkObject(o, what));
  });
  return out;
}

function checkObject(o: unknown, what: string): K8sObject {
  if (!o || typeof o !== 'object' || Array.isArray(o))
    throw new ManifestError(`${what} has a list item that is not an object`);
  const obj = o as K8sObject;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new ManifestError(`${what} is not a Kubernetes object: it has no apiVersion or kind`);
  }
  if (
    obj.metadata !== undefined &&
    (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))
  ) {
    throw new ManifestError(`${what} (${obj.kind}) has a metadata that is not a mapping`);
  }
  obj.metadata = { ...(obj.metadata ?? {}) };
  if (typeof obj.metadata.name !== 'string' || !obj.metadata.name) {
    if (typeof obj.metadata.generateName !== 'string') {
      throw new ManifestError(`${what} (${obj.kind}) has no metadata.name`);
    }
  }
  return obj;
}

/** "Deployment shop/web" — how objects are named in logs and messages. */
export function objectRef(o: {
  kind: string;
  metadata: { name?: string; namespace?: string };
}): string {
  const ns = o.metadata.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind} ${ns}${o.metadata.name ?? '(generated name)'}`;
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** The pod spec inside a workload-like object (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod). */
export function podSpecOf(o: K8sObject): Record<string, unknown> | undefined {
  const rec = (v: unknown): Record<string, unknown> | undefined =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  if (o.kind === 'Pod') return rec(o.spec);
  if (o.kind === 'CronJob')
    return rec(rec(rec(rec(rec(o.spec)?.jobTemplate)?.spec)?.template)?.spec);
  if (WORKLOAD_KINDS.has(o.kind) || o.kind === 'Job' || o.kind === 'ReplicaSet')
    return rec(rec(rec(o.spec)?.template)?.spec);
  return undefined;
}

export function imagesOf(o: K8sObject): string[] {
  const containers = podSpecOf(o)?.containers;
  return Array.isArray(containers)
    ? containers.map((c) => String((c as { image?: unknown }).image ?? '')).filter(Boolean)
    : [];
}
