import yaml from 'js-yaml';
import { isAllowed, type Identity } from './auth';
import type { RolloutController } from './controller';
import { isObject, matchesLabelSelector, mergePatch, strategicMerge } from './patch';
import { listPods } from './pods';
import { findByPlural, groupVersion, type ResourceType } from './resources';
import type { KubeObject, ObjectStore } from './store';
import {
  badRequest,
  forbidden,
  methodNotAllowed,
  pathNotFound,
  StatusError,
  unsupportedMediaType,
} from './status';

/** The resource REST endpoints: get / list / create / replace / patch / delete. */
export interface RestRequest {
  method: string;
  url: URL;
  contentType: string;
  body: string;
  identity: Identity;
}

export interface RestResponse {
  status: number;
  body: unknown;
}

interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function parseResourcePath(pathname: string): Target | undefined {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  let version: string | undefined;
  let rest: string[];
  if (segs[0] === 'api') {
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    group = segs[1] ?? '';
    version = segs[2];
    rest = segs.slice(3);
  } else return undefined;
  if (!version || rest.length === 0) return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = findByPlural(group, version, rest[0]!);
  if (!type || rest.length > 3) return undefined;
  if (!type.namespaced && namespace !== undefined) return undefined;
  return { type, namespace, name: rest[1], subresource: rest[2] };
}

function parseBody(text: string, contentType: string): unknown {
  if (!text.trim()) throw badRequest('the request body is empty');
  try {
    return JSON.parse(text);
  } catch {
    if (contentType.includes('yaml')) {
      try {
        return yaml.load(text);
      } catch (e) {
        throw badRequest(`error decoding YAML: ${(e as Error).message}`);
      }
    }
    throw badRequest("couldn't get version/kind; json parse error: invalid character");
  }
}

function verbFor(method: string, t: Target, watch: boolean): string {
  switch (method) {
    case 'GET':
      return watch ? 'watch' : t.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return t.name ? 'delete' : 'deletecollection';
    default:
      throw methodNotAllowed();
  }
}

export function handleRest(
  req: RestRequest,
  store: ObjectStore,
  controller: RolloutController,
): RestResponse {
  const target = parseResourcePath(req.url.pathname);
  if (!target) throw pathNotFound();
  const { type: t, namespace: ns, name } = target;
  if (target.subresource && target.subresource !== 'status') throw pathNotFound();
  const q = req.url.searchParams;
  const verb = verbFor(req.method, target, q.get('watch') === '1' || q.get('watch') === 'true');
  if (!isAllowed(req.identity, verb, t.plural, ns))
    throw forbidden(req.identity.user, verb, t, ns, name);
  if (!t.verbs.includes(verb)) throw methodNotAllowed();
  const fieldManager = q.get('fieldManager') ?? undefined;

  if (verb === 'get') return { status: 200, body: getOne(store, controller, t, ns, name!) };
  if (verb === 'list') {
    const items =
      t.kind === 'Pod'
        ? listPods(store, controller, ns, q.get('labelSelector'))
        : store.list(t, ns);
    const selector = q.get('labelSelector');
    const filtered =
      t.kind === 'Pod'
        ? items
        : items.filter((i) =>
            matchesLabelSelector(selector, i.metadata.labels as Record<string, string> | undefined),
          );
    return {
      status: 200,
      body: {
        kind: `${t.kind}List`,
        apiVersion: groupVersion(t),
        metadata: { resourceVersion: store.currentResourceVersion() },
        items: filtered,
      },
    };
  }
  if (verb === 'create') {
    if (name) throw methodNotAllowed();
    return {
      status: 201,
      body: store.create(t, ns, parseBody(req.body, req.contentType), fieldManager),
    };
  }
  if (verb === 'update') {
    return {
      status: 200,
      body: store.update(t, ns, name!, parseBody(req.body, req.contentType), {
        fieldManager,
        status: target.subresource === 'status',
      }),
    };
  }
  if (verb === 'patch') return patch(req, store, t, ns, name!, fieldManager);
  if (verb === 'delete') {
    const gone = store.delete(t, ns, name!);
    return {
      status: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: t.group, kind: t.plural, uid: gone.metadata.uid },
      },
    };
  }
  throw methodNotAllowed();
}

function getOne(
  store: ObjectStore,
  controller: RolloutController,
  t: ResourceType,
  ns: string | undefined,
  name: string,
): KubeObject {
  if (t.kind === 'Pod') {
    const pod = listPods(store, controller, ns, null).find((p) => p.metadata.name === name);
    if (!pod)
      throw new StatusError(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
    return pod;
  }
  return store.mustGet(t, ns, name);
}

function patch(
  req: RestRequest,
  store: ObjectStore,
  t: ResourceType,
  ns: string | undefined,
  name: string,
  fieldManager: string | undefined,
): RestResponse {
  const type = req.contentType.split(';')[0]!.trim();
  const body = parseBody(req.body, req.contentType);
  if (!isObject(body)) throw badRequest('the patch must be an object');
  const existing = store.get(t, ns, name);
  if (type === 'application/apply-patch+yaml') {
    if (!fieldManager) {
      throw badRequest(
        'PATCH, application/apply-patch+yaml requires a non-empty fieldManager query parameter',
      );
    }
    const meta = isObject(body.metadata) ? body.metadata : {};
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (!existing)
      return {
        status: 201,
        body: store.create(t, ns, { ...body, metadata: { ...meta, name } }, fieldManager, 'Apply'),
      };
    const merged = strategicMerge(existing, body) as KubeObject;
    merged.metadata.resourceVersion = existing.metadata.resourceVersion;
    return {
      status: 200,
      body: store.update(t, ns, name, merged, { fieldManager, operation: 'Apply' }),
    };
  }
  if (!existing) return { status: 404, body: store.mustGet(t, ns, name) };
  let merged: unknown;
  if (type === 'application/merge-patch+json') merged = mergePatch(existing, body);
  else if (type === 'application/strategic-merge-patch+json')
    merged = strategicMerge(existing, body);
  else throw unsupportedMediaType(type);
  const m = merged as KubeObject;
  const wanted = isObject(body.metadata) ? body.metadata.resourceVersion : undefined;
  m.metadata.resourceVersion =
    typeof wanted === 'string' ? wanted : existing.metadata.resourceVersion;
  return { status: 200, body: store.update(t, ns, name, m, { fieldManager, operation: 'Update' }) };
}
