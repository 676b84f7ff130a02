import { randomUUID } from 'node:crypto';
import { clone, isObject, jsonEqual } from './patch';
import { applyDefaults, validateObject } from './object-rules';
import { findByKind, groupVersion, WORKLOAD_KINDS, type ResourceType } from './resources';
import { alreadyExists, badRequest, conflict, invalid, notFound, StatusError } from './status';

export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
  };
};

/**
 * The fake cluster's object store: one global resourceVersion counter, uid / creationTimestamp /
 * generation bookkeeping, optimistic concurrency on update, and validation before every write.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private rv = 1000;

  constructor() {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      this.create(findByKind('v1', 'Namespace')!, undefined, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
    }
  }

  private key(t: ResourceType, ns: string | undefined, name: string): string {
    return `${t.group}/${t.plural}/${t.namespaced ? (ns ?? '') : ''}/${name}`;
  }

  nextResourceVersion(): string {
    this.rv += 1;
    return String(this.rv);
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  get(t: ResourceType, ns: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(this.key(t, ns, name));
    return o ? clone(o) : undefined;
  }

  mustGet(t: ResourceType, ns: string | undefined, name: string): KubeObject {
    const o = this.get(t, ns, name);
    if (!o) throw notFound(t, name);
    return o;
  }

  list(t: ResourceType, ns: string | undefined): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.objects.values()) {
      if (o.kind !== t.kind || o.apiVersion !== groupVersion(t)) continue;
      if (t.namespaced && ns && o.metadata.namespace !== ns) continue;
      out.push(clone(o));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
  }

  namespaceExists(ns: string): boolean {
    return this.objects.has(this.key(findByKind('v1', 'Namespace')!, undefined, ns));
  }

  private checkShape(t: ResourceType, ns: string | undefined, body: unknown): KubeObject {
    if (!isObject(body)) throw badRequest("Object 'Kind' is missing in the request body");
    const o = clone(body) as KubeObject;
    o.apiVersion ??= groupVersion(t);
    o.kind ??= t.kind;
    if (o.apiVersion !== groupVersion(t) || o.kind !== t.kind) {
      throw badRequest(
        `the API version in the data (${o.apiVersion}) does not match the expected API version (${groupVersion(t)})`,
      );
    }
    o.metadata = isObject(o.metadata)
      ? (o.metadata as KubeObject['metadata'])
      : ({} as KubeObject['metadata']);
    if (t.namespaced) {
      if (o.metadata.namespace && ns && o.metadata.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      o.metadata.namespace = ns;
    } else {
      delete o.metadata.namespace;
    }
    return o;
  }

  private validate(t: ResourceType, o: KubeObject): void {
    const causes = validateObject(t, o);
    if (causes.length > 0) throw invalid(t, String(o.metadata.name ?? ''), causes);
  }

  create(
    t: ResourceType,
    ns: string | undefined,
    body: unknown,
    fieldManager?: string,
    operation = 'Update',
  ): KubeObject {
    const o = this.checkShape(t, ns, body);
    if (typeof o.metadata.generateName === 'string' && !o.metadata.name) {
      o.metadata.name = `${o.metadata.generateName}${randomUUID().slice(0, 5)}`;
    }
    applyDefaults(t, o);
    this.validate(t, o);
    if (t.namespaced && !this.namespaceExists(ns ?? '')) {
      throw new StatusError(404, 'NotFound', `namespaces "${ns}" not found`, {
        name: ns,
        kind: 'namespaces',
      });
    }
    const key = this.key(t, ns, o.metadata.name);
    if (this.objects.has(key)) throw alreadyExists(t, o.metadata.name);
    const meta = o.metadata;
    meta.uid = randomUUID();
    meta.resourceVersion = this.nextResourceVersion();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (WORKLOAD_KINDS.has(t.kind)) meta.generation = 1;
    if (fieldManager) meta.managedFields = [managedEntry(fieldManager, operation, o.apiVersion)];
    if (WORKLOAD_KINDS.has(t.kind)) o.status = {};
    this.objects.set(key, o);
    return clone(o);
  }

  /** Full update (PUT semantics); `next` is the desired object. Status is kept unless `status` is true. */
  update(
    t: ResourceType,
    ns: string | undefined,
    name: string,
    body: unknown,
    opts: { fieldManager?: string; operation?: string; status?: boolean } = {},
  ): KubeObject {
    const existing = this.mustGet(t, ns, name);
    const o = this.checkShape(t, ns, body);
    if (o.metadata.name && o.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    o.metadata.name = name;
    if (
      o.metadata.resourceVersion &&
      o.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(t, name);
    }
    if (t.kind === 'Secret') applyDefaults(t, o);
    if (t.kind === 'Namespace' || t.kind === 'Service') {
      o.spec = {
        ...(isObject(existing.spec) ? existing.spec : {}),
        ...(isObject(o.spec) ? o.spec : {}),
      };
    }
    this.validate(t, o);
    const meta = o.metadata;
    meta.uid = existing.metadata.uid;
    meta.creationTimestamp = existing.metadata.creationTimestamp;
    if (!opts.status) o.status = existing.status;
    if (WORKLOAD_KINDS.has(t.kind)) {
      const gen = Number(existing.metadata.generation ?? 1);
      meta.generation = jsonEqual(existing.spec, o.spec) ? gen : gen + 1;
    }
    const managers = (
      Array.isArray(existing.metadata.managedFields) ? existing.metadata.managedFields : []
    ) as Record<string, unknown>[];
    if (opts.fieldManager) {
      meta.managedFields = [
        ...managers.filter((m) => m.manager !== opts.fieldManager),
        managedEntry(opts.fieldManager, opts.operation ?? 'Update', o.apiVersion),
      ];
    } else {
      meta.managedFields = managers;
    }
    if (jsonEqual(stripVolatile(existing), stripVolatile(o))) return existing;
    meta.resourceVersion = this.nextResourceVersion();
    this.objects.set(this.key(t, ns, name), o);
    return clone(o);
  }

  delete(t: ResourceType, ns: string | undefined, name: string): KubeObject {
    const existing = this.mustGet(t, ns, name);
    this.objects.delete(this.key(t, ns, name));
    if (t.kind === 'Namespace') {
      for (const [k, o] of this.objects) if (o.metadata.namespace === name) this.objects.delete(k);
    }
    this.nextResourceVersion();
    return existing;
  }

  /** Every workload object (for the controller). */
  workloads(): KubeObject[] {
    return [...this.objects.values()]
      .filter((o) => WORKLOAD_KINDS.has(o.kind))
      .map((o) => clone(o));
  }
}

function managedEntry(
  manager: string,
  operation: string,
  apiVersion: string,
): Record<string, unknown> {
  return {
    manager,
    operation,
    apiVersion,
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
}

function stripVolatile(o: KubeObject): unknown {
  const c = clone(o);
  delete c.metadata.resourceVersion;
  if (Array.isArray(c.metadata.managedFields)) {
    c.metadata.managedFields = (c.metadata.managedFields as Record<string, unknown>[]).map((m) => ({
      ...m,
      time: undefined,
    }));
  }
  return c;
}
