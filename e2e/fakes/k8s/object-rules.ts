import { isObject } from './patch';
import type { ResourceType } from './resources';
import type { StatusCause } from './status';

/**
 * The subset of kube-apiserver validation and defaulting the fake applies, with the same field
 * paths and messages, so that a client sees real-looking 422 `Invalid` errors.
 */
type Obj = Record<string, unknown>;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});
const invalidValue = (field: string, value: unknown, why: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${why}`,
  field,
});

function obj(v: unknown): Obj {
  return isObject(v) ? v : {};
}

function validateMeta(t: ResourceType, o: Obj, causes: StatusCause[]): void {
  const name = obj(o.metadata).name;
  if (typeof name !== 'string' || name === '') {
    causes.push(required('metadata.name'));
    return;
  }
  const label = t.kind === 'Namespace' || t.kind === 'Service';
  const re = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!re.test(name) || name.length > (label ? 63 : 253)) {
    causes.push(
      invalidValue(
        'metadata.name',
        name,
        label
          ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
          : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    );
  }
}

function validatePodTemplate(spec: Obj, causes: StatusCause[]): void {
  const template = obj(spec.template);
  const selector = obj(obj(spec.selector).matchLabels);
  if (!isObject(spec.selector)) causes.push(required('spec.selector'));
  const labels = obj(obj(template.metadata).labels);
  const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
  if (isObject(spec.selector) && (!matches || Object.keys(selector).length === 0)) {
    causes.push(
      invalidValue(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  }
  const containers = obj(template.spec).containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(required('spec.template.spec.containers'));
    return;
  }
  containers.forEach((c: unknown, i) => {
    const co = obj(c);
    if (typeof co.name !== 'string' || co.name === '')
      causes.push(required(`spec.template.spec.containers[${i}].name`));
    if (typeof co.image !== 'string' || co.image.trim() === '')
      causes.push(required(`spec.template.spec.containers[${i}].image`));
  });
}

export function validateObject(t: ResourceType, o: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  validateMeta(t, o, causes);
  const spec = obj(o.spec);
  if (t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'DaemonSet') {
    if (
      spec.replicas !== undefined &&
      (!Number.isInteger(spec.replicas) || (spec.replicas as number) < 0)
    ) {
      causes.push(
        invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'),
      );
    }
    validatePodTemplate(spec, causes);
  }
  if (t.kind === 'Service') {
    const ports = spec.ports;
    if (spec.type !== 'ExternalName' && (!Array.isArray(ports) || ports.length === 0))
      causes.push(required('spec.ports'));
  }
  if (t.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(obj(o.data))) {
      if (typeof v !== 'string') causes.push(invalidValue(`data[${k}]`, v, 'must be a string'));
    }
  }
  if (t.kind === 'Secret') {
    for (const [k, v] of Object.entries(obj(o.data))) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
        causes.push(
          invalidValue(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'),
        );
    }
    if (
      o.type === 'kubernetes.io/dockerconfigjson' &&
      typeof obj(o.data)['.dockerconfigjson'] !== 'string'
    ) {
      causes.push(required('data[.dockerconfigjson]'));
    }
  }
  return causes;
}

/** Defaults the API server fills in on create (only those clients commonly read back). */
export function applyDefaults(t: ResourceType, o: Obj): void {
  const spec = obj(o.spec);
  if (t.kind === 'Deployment') {
    spec.replicas ??= 1;
    spec.progressDeadlineSeconds ??= 600;
    spec.revisionHistoryLimit ??= 10;
    spec.strategy ??= {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    };
    o.spec = spec;
  }
  if (t.kind === 'StatefulSet') {
    spec.replicas ??= 1;
    spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    o.spec = spec;
  }
  if (t.kind === 'Service') {
    spec.type ??= 'ClusterIP';
    if (spec.type !== 'ExternalName')
      spec.clusterIP ??= `10.96.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 2}`;
    o.spec = spec;
  }
  if (t.kind === 'Secret') {
    o.type ??= 'Opaque';
    const stringData = obj(o.stringData);
    if (Object.keys(stringData).length > 0) {
      const data = obj(o.data);
      for (const [k, v] of Object.entries(stringData))
        data[k] = Buffer.from(String(v)).toString('base64');
      o.data = data;
    }
    delete o.stringData;
  }
  if (t.kind === 'Namespace') {
    const meta = obj(o.metadata);
    meta.labels = { ...obj(meta.labels), 'kubernetes.io/metadata.name': meta.name };
    o.spec = { finalizers: ['kubernetes'] };
    o.status = { phase: 'Active' };
  }
}
