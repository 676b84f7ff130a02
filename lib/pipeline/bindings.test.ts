import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking arbitrary parsed manifests
type Doc = Record<string, any>;
import {
  BindingError,
  ExpressionError,
  evaluateCondition,
  evaluateExpression,
  extractBindings,
  parseExpression,
  resolveTaskInput,
  resolveValue,
  substituteYaml,
  type BindingScope,
} from './bindings';

const scope = (over: Partial<BindingScope> = {}): BindingScope => ({
  inputs: {
    DOCKER_TAG: 'v1.2.3',
    DOCKER_IMAGE: 'shop/web:v1.2.3',
    REPLICAS: '2',
    HOSTILE: '1.0\nkind: Secret',
    NESTED: '${var.secret}',
    EMPTY: '',
    X: 'abc',
    FLAG: 'true',
  },
  vars: { secret: 's3cr3t', region: 'eu-west-1' },
  taskOutputs: {
    Deploy: {
      'Apply web': { image: 'shop/web:v1.2.3', body: { items: [{ name: 'a' }] }, 'app.v': '7' },
    },
    'Stage.with.dots': { 'Get it': { status: 200 } },
  },
  executionId: 'ex-123',
  executionIndex: 42,
  ...over,
});

describe('extractBindings', () => {
  it('parses every kind, with spaces in stage and task names', () => {
    const refs = extractBindings(
      'a ${input.A} ${var.B} ${My Stage.My Task.output.body.id} ${executionId}${executionIndex} ${nope}',
    );
    expect(refs.map((r) => r.kind)).toEqual([
      'input',
      'var',
      'output',
      'executionId',
      'executionIndex',
      'invalid',
    ]);
    expect(refs[2]).toMatchObject({ stage: 'My Stage', task: 'My Task', key: 'body.id' });
  });
  it('uses known stage names to split stages containing dots', () => {
    const [ref] = extractBindings('${a.b.T.output.k}', ['a.b']);
    expect(ref).toMatchObject({ kind: 'output', stage: 'a.b', task: 'T', key: 'k' });
  });
  it('reports empty names as invalid', () => {
    expect(extractBindings('${input.}')[0]?.kind).toBe('invalid');
    expect(extractBindings('${S.T.output.}')[0]?.kind).toBe('invalid');
  });
});

describe('resolveValue', () => {
  it('substitutes inside strings, objects and arrays', () => {
    expect(
      resolveValue(
        { url: 'https://x/${input.DOCKER_TAG}?i=${executionIndex}', h: ['${var.region}'] },
        scope(),
      ),
    ).toEqual({ url: 'https://x/v1.2.3?i=42', h: ['eu-west-1'] });
  });
  it('a whole-string binding keeps the value type', () => {
    expect(resolveValue('${executionIndex}', scope())).toBe(42);
    expect(resolveValue('${Deploy.Apply web.output.body}', scope())).toEqual({
      items: [{ name: 'a' }],
    });
  });
  it('follows dotted paths into outputs and prefers literal dotted keys', () => {
    expect(resolveValue('${Deploy.Apply web.output.body.items.0.name}', scope())).toBe('a');
    expect(resolveValue('${Deploy.Apply web.output.app.v}', scope())).toBe('7');
    expect(resolveValue('${Stage.with.dots.Get it.output.status}', scope())).toBe(200);
  });
  it('never re-expands a value that contains a binding', () => {
    expect(resolveValue('x=${input.NESTED}', scope())).toBe('x=${var.secret}');
    expect(resolveValue('${input.NESTED}', scope())).toBe('${var.secret}');
  });
  it('throws BindingError naming the missing binding', () => {
    expect(() => resolveValue('a ${input.NOPE}', scope())).toThrow(BindingError);
    expect(() => resolveValue('a ${input.NOPE}', scope())).toThrow('${input.NOPE} is not defined');
    expect(() => resolveValue('${var.__proto__}', scope())).toThrow(BindingError);
    expect(() => resolveValue('${Deploy.Other.output.x}', scope())).toThrow(/has not run/);
    expect(() => resolveValue('${Deploy.Apply web.output.missing}', scope())).toThrow(
      /output\.missing\} is not defined/,
    );
    try {
      resolveValue('${var.gone}', scope());
    } catch (e) {
      expect((e as BindingError).binding).toBe('${var.gone}');
    }
  });
  it('handles very long values', () => {
    const long = 'x'.repeat(1_000_000);
    const out = resolveValue('a${input.L}b', scope({ inputs: { L: long } }));
    expect(out).toHaveLength(1_000_002);
  });
});

describe('substituteYaml', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {tag: "\${input.DOCKER_TAG}"}}
spec:
  replicas: \${input.REPLICAS}
  template:
    spec:
      containers:
        - name: web
          image: \${input.DOCKER_IMAGE}
          env:
            - {name: EXEC, value: "run-\${executionIndex}"}
`;
  it('substitutes scalars and types whole-binding scalars', () => {
    const [doc] = substituteYaml(deployment, scope()) as [Doc];
    expect(doc.spec.replicas).toBe(2);
    expect(doc.spec.template.spec.containers[0].image).toBe('shop/web:v1.2.3');
    expect(doc.spec.template.spec.containers[0].env[0].value).toBe('run-42');
    expect(doc.metadata.labels.tag).toBe('v1.2.3');
  });
  it('a hostile value can never add structure', () => {
    const docs = substituteYaml(
      'kind: ConfigMap\ndata:\n  v: ${input.HOSTILE}\n  w: "pre ${input.HOSTILE}"\n',
      scope(),
    ) as Doc[];
    expect(docs).toHaveLength(1);
    expect(docs[0]!.kind).toBe('ConfigMap');
    expect(docs[0]!.data).toEqual({ v: '1.0\nkind: Secret', w: 'pre 1.0\nkind: Secret' });
    const dumped = yaml.dump(docs[0]);
    expect(yaml.load(dumped)).toEqual(docs[0]);
  });
  it('a document separator in a value stays text', () => {
    const docs = substituteYaml(
      'a: ${input.V}\n',
      scope({ inputs: { V: 'x\n---\nkind: Secret' } }),
    );
    expect(docs).toEqual([{ a: 'x\n---\nkind: Secret' }]);
  });
  it('handles many documents and drops empty ones', () => {
    const docs = substituteYaml('---\na: ${input.X}\n---\n---\nb: ${executionId}\n', scope());
    expect(docs).toEqual([{ a: 'abc' }, { b: 'ex-123' }]);
  });
  it('gives plain YAML types only to clean scalars', () => {
    const s = scope({
      inputs: { T: 'true', N: 'null', F: '1.5', E: '', S: '2 # c', BIG: '123456789012345678901' },
    });
    expect(
      substituteYaml(
        't: ${input.T}\nn: ${input.N}\nf: ${input.F}\ne: ${input.E}\ns: ${input.S}\nb: ${input.BIG}',
        s,
      ),
    ).toEqual([{ t: true, n: null, f: 1.5, e: '', s: '2 # c', b: '123456789012345678901' }]);
  });
  it('objects bound to a scalar become JSON text, not structure', () => {
    const [doc] = substituteYaml('x: ${Deploy.Apply web.output.body}', scope());
    expect(doc).toEqual({ x: '{"items":[{"name":"a"}]}' });
  });
  it('does not re-expand and reports missing bindings', () => {
    expect(substituteYaml('a: ${input.NESTED}', scope())).toEqual([{ a: '${var.secret}' }]);
    expect(() => substituteYaml('a: ${input.NOPE}', scope())).toThrow(BindingError);
  });
  it('keeps dates as text (core schema)', () => {
    expect(substituteYaml('d: 2024-01-01', scope())).toEqual([{ d: '2024-01-01' }]);
  });
  it('throws on broken YAML', () => {
    expect(() => substituteYaml('a: [1,', scope())).toThrow();
  });
  it('substitutes a very long value', () => {
    const long = 'y'.repeat(500_000);
    const [doc] = substituteYaml('a: ${input.L}', scope({ inputs: { L: long } })) as [
      { a: string },
    ];
    expect(doc.a).toHaveLength(500_000);
  });
});

describe('evaluateExpression', () => {
  const ev = (e: string, s = scope()) => evaluateExpression(e, s);
  it('compares bare bindings as literals (numbers when numeric)', () => {
    expect(ev('${input.DOCKER_TAG} != "latest" && ${input.REPLICAS} > 1')).toBe(true);
    expect(ev('${input.REPLICAS} == 2')).toBe(true);
    expect(ev('${input.REPLICAS} >= 3')).toBe(false);
    expect(ev('${executionIndex} < 100')).toBe(true);
  });
  it('interpolates bindings inside quoted strings', () => {
    expect(ev('"${input.X}" == "abc"')).toBe(true);
    expect(ev("'tag-${input.DOCKER_TAG}' == 'tag-v1.2.3'")).toBe(true);
  });
  it('supports !, parentheses, ||, literals and precedence', () => {
    expect(ev('!(1 == 2) && (false || true)')).toBe(true);
    expect(ev('false || true && false')).toBe(false);
    expect(ev('true')).toBe(true);
    expect(ev('"a" < "b"')).toBe(true);
    expect(ev('-1 < 0')).toBe(true);
    expect(ev('${input.FLAG} == true')).toBe(true);
    expect(ev('null == ""')).toBe(true);
    expect(ev('!${input.EMPTY}')).toBe(true);
  });
  it('a hostile value stays one literal', () => {
    const s = scope({ inputs: { V: '1 || true', Q: '" == "' } });
    expect(ev('${input.V} == 2', s)).toBe(false);
    expect(ev('${input.V} == "1 || true"', s)).toBe(true);
    expect(ev('"${input.Q}" == "x"', s)).toBe(false);
    expect(ev('${input.NESTED} == "${var.secret}"')).toBe(false);
  });
  it('short-circuits, so a missing binding on the untaken side is not an error', () => {
    expect(ev('false && ${input.NOPE} == 1')).toBe(false);
    expect(() => ev('true && ${input.NOPE} == 1')).toThrow(BindingError);
  });
  it('reads locals such as response for POLL', () => {
    const s = scope({ locals: { response: { status: 200, body: { state: 'done' } } } });
    expect(ev('${response.status} == 200 && ${response.body.state} == "done"', s)).toBe(true);
  });
  it('reports syntax errors', () => {
    for (const bad of ['', '1 ==', '(1 == 1', 'abc == 1', '"open', '1 == 1 )', '== 1', '${x']) {
      expect(() => parseExpression(bad), bad).toThrow(ExpressionError);
    }
    expect(() => ev('"a" < 1')).toThrow(ExpressionError);
  });
  it('evaluateCondition returns a boolean', () => {
    expect(evaluateCondition('${input.X}', scope())).toBe(true);
    expect(evaluateCondition('"false"', scope())).toBe(false);
  });
});

describe('resolveTaskInput', () => {
  it('resolves fields but leaves manifests and expressions for their own evaluators', () => {
    const s = scope();
    expect(
      resolveTaskInput('K8S', { namespace: 'ns-${input.X}', yaml: 'a: ${input.HOSTILE}' }, s),
    ).toEqual({ namespace: 'ns-abc', yaml: 'a: ${input.HOSTILE}' });
    expect(resolveTaskInput('CONDITION', { condition: '${input.X} == "abc"' }, s)).toEqual({
      condition: '${input.X} == "abc"',
    });
    expect(resolveTaskInput('REST', { url: 'https://x/${executionIndex}' }, s)).toEqual({
      url: 'https://x/42',
    });
  });
});
