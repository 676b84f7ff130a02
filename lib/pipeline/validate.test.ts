import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { DOCKER_INPUTS, GERRIT_INPUTS } from '@/lib/schemas/pipeline';
import { parsePipelineYaml, pipelineToYaml, stripServerKeys } from './document-yaml';
import { ALL_TASK_TYPES_EXAMPLE, API_MD_EXAMPLE } from './examples';
import { K8sInput } from './task-inputs';
import { validatePipeline } from './validate';

function load(text: string): Record<string, unknown> {
  const r = parsePipelineYaml(text);
  if (!r.ok) throw new Error(r.issue.message);
  return r.value as Record<string, unknown>;
}

function issuesOf(raw: unknown, yamlText?: string, variableNames?: Set<string>) {
  const r = validatePipeline(raw, { yamlText, variableNames });
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

function validDoc(text: string) {
  const r = validatePipeline(load(text));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

/** export → import → export: the second export equals the first, byte for byte. */
function roundTrip(text: string) {
  const first = pipelineToYaml(validDoc(text) as unknown as Record<string, unknown>);
  const second = pipelineToYaml(validDoc(first) as unknown as Record<string, unknown>);
  expect(second).toBe(first);
  return first;
}

const minimal = (stages: string) => `name: p
input: {A: '1'}
${stages}`;

const conditionStage = `stageOrder: [S]
stages:
  S:
    taskOrder: [T]
    tasks:
      T: {type: CONDITION, input: {condition: 'true'}}
`;

describe('round trip', () => {
  it('keeps the api.md example identical, in key order', () => {
    const out = roundTrip(API_MD_EXAMPLE);
    const doc = yaml.load(out) as Record<string, unknown>;
    expect(Object.keys(doc).slice(0, 4)).toEqual(['kind', 'project', 'name', 'description']);
    expect(doc.stageOrder).toEqual(['Deploy', 'Verify']);
    expect(out).toContain('replicas: ${input.REPLICAS}');
    expect(out.indexOf('Deploy:')).toBeLessThan(out.indexOf('Verify:'));
  });
  it('keeps every task type, stage order opposite to alphabetical, and strings that look typed', () => {
    const out = roundTrip(ALL_TASK_TYPES_EXAMPLE);
    const doc = yaml.load(out, { schema: yaml.CORE_SCHEMA }) as {
      stageOrder: string[];
      input: Record<string, unknown>;
      stages: Record<string, { tasks: Record<string, unknown> }>;
    };
    expect(doc.stageOrder).toEqual(['Build', 'Approve', 'Ship it']);
    expect(Object.keys(doc.input).slice(-3)).toEqual(['ZED', 'ALPHA', 'FLAG']);
    expect(doc.input.ALPHA).toBe(3);
    expect(doc.input.FLAG).toBe(true);
    expect(Object.keys(doc.stages.Build!.tasks)).toEqual(['Call api', 'Wait ready', 'Check']);
    expect(out).toContain('date: 2024-01-01');
  });
  it('round-trips generated pipelines with many stages and odd names', () => {
    for (let n = 1; n <= 12; n++) {
      const stages: Record<string, unknown> = {};
      const order: string[] = [];
      for (let s = n; s > 0; s--) {
        const name = `Stage ${s}: "q" ü`;
        order.push(name);
        stages[name] = {
          taskOrder: [`t${s}a, t${s}b`, `t${s}c`],
          tasks: {
            [`t${s}c`]: { type: 'CONDITION', input: { condition: `${s} > 0` } },
            [`t${s}a`]: { type: 'REST', input: { action: 'get', url: `https://x/${s}` } },
            [`t${s}b`]: {
              type: 'USER_OPERATION',
              input: { summary: `ok? '${s}' #${s}`, approvers: [] },
              ignoreFailure: s % 2 === 0,
            },
          },
        };
      }
      const text = yaml.dump({ name: `gen-${n}`, stageOrder: order, stages, output: {} });
      const out = roundTrip(text);
      expect((yaml.load(out) as { stageOrder: string[] }).stageOrder).toEqual(order);
    }
  });
  it('adds auto-inject inputs in front and stays stable afterwards', () => {
    const doc = validDoc('name: p\nautoInject: DOCKER\ninput: {MINE: x, DOCKER_TAG: v1}\n');
    expect(Object.keys(doc.input)).toEqual([...DOCKER_INPUTS, 'MINE']);
    expect(doc.input.DOCKER_TAG).toBe('v1');
    expect(Object.keys(validDoc('name: g\nautoInject: GERRIT\n').input)).toEqual([
      ...GERRIT_INPUTS,
    ]);
    roundTrip('name: p\nautoInject: GIT\n');
  });
  it('drops server keys from a document read back from the JSON API', () => {
    expect(stripServerKeys({ id: 'x', name: 'p', lastExecution: null })).toEqual({ name: 'p' });
  });
});

describe('validation errors', () => {
  it('reports YAML that does not parse and duplicate task names with their line', () => {
    const bad = parsePipelineYaml('name: p\nstages:\n  S:\n    tasks:\n      T: {}\n      T: {}\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issue.message).toMatch(/twice/);
      expect(bad.issue.line).toBe(6);
    }
    const broken = parsePipelineYaml('name: [p\n');
    expect(broken.ok).toBe(false);
  });
  it('reports an error at the end of the text on a line of the document, not after it', () => {
    for (const [text, line] of [
      ['name: p\nstages: [\n', 2],
      ['name: p\ndescription: "abc', 2],
      ['name: p\nstages: [\n\n  \n', 2],
      ['name: p\n  bad: indent\nx: 1\n', 2],
    ] as const) {
      const r = parsePipelineYaml(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.issue.line, text).toBe(line);
    }
  });
  it('reports an unknown task type with its path and line', () => {
    const text = minimal(conditionStage.replace('type: CONDITION', 'type: SHELL'));
    const [issue] = issuesOf(load(text), text);
    expect(issue).toMatchObject({ path: 'stages.S.tasks.T.type', line: 8 });
  });
  it('reports a stage with no tasks, a missing task in taskOrder and an unlisted stage', () => {
    const doc = {
      name: 'p',
      stageOrder: ['A', 'B'],
      stages: {
        A: { taskOrder: [], tasks: {} },
        B: { taskOrder: ['X, Y'], tasks: { X: { type: 'CONDITION', input: { condition: '1' } } } },
        C: { taskOrder: ['Z'], tasks: { Z: { type: 'CONDITION', input: { condition: '1' } } } },
      },
    };
    const paths = issuesOf(doc).map((i) => `${i.path}: ${i.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'stages.A.tasks: stage "A" has no tasks',
        'stages.B.taskOrder.0: task "Y" is not defined in stage "B"',
        'stages.C: stage "C" is missing from stageOrder',
      ]),
    );
  });
  it('reports per-type input problems', () => {
    const doc = {
      name: 'p',
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['K', 'R', 'P', 'C', 'U'],
          tasks: {
            K: { type: 'K8S', input: { action: 'PATCH', timeout: 'soon' } },
            R: { type: 'REST', input: { action: 'GET', url: '' } },
            P: {
              type: 'POLL',
              input: { url: 'https://x', successCondition: '${response.status} ==' },
            },
            C: { type: 'CONDITION', input: {} },
            U: { type: 'USER_OPERATION', input: { summary: 'ok', expirationHours: 0 } },
          },
        },
      },
    };
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'stages.S.tasks.K.input.action',
        'stages.S.tasks.K.input.timeout',
        'stages.S.tasks.K.endpoints.kubernetesServer',
        'stages.S.tasks.R.input.action',
        'stages.S.tasks.R.input.url',
        'stages.S.tasks.P.input.successCondition',
        'stages.S.tasks.C.input.condition',
        'stages.S.tasks.U.input.expirationHours',
      ]),
    );
  });
  it('accepts a K8S ROLLBACK with rollbackTask and refuses a rollbackTask that is not text', () => {
    const ok = K8sInput.safeParse({ action: 'ROLLBACK', rollbackTask: 'Deploy.Apply web' });
    expect(ok.success && ok.data).toMatchObject({ rollbackTask: 'Deploy.Apply web' });
    const bad = K8sInput.safeParse({ action: 'ROLLBACK', rollbackTask: 5 });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(bad.error.issues[0]).toMatchObject({
        path: ['rollbackTask'],
        message: expect.stringMatching(/Stage\.Task/) as unknown,
      });
    }
  });
  it('reports a K8S manifest that does not parse', () => {
    const doc = load(API_MD_EXAMPLE);
    const stages = doc.stages as Record<
      string,
      { tasks: Record<string, { input: { yaml: string } }> }
    >;
    stages.Deploy!.tasks['Apply web']!.input.yaml = 'kind: A\na: [1\n';
    const [issue] = issuesOf(doc);
    expect(issue!.path).toBe('stages.Deploy.tasks.Apply web.input.yaml');
    expect(issue!.message).toMatch(/does not parse \(line 2 of the manifest\)/);
  });
  it('reports bindings to nothing, naming the field', () => {
    const text = minimal(`output: {O: '\${S.Nope.output.x}'}
stageOrder: [S]
stages:
  S:
    taskOrder: [T]
    tasks:
      T:
        type: REST
        input:
          action: get
          url: https://x/\${input.MISSING}/\${var.NOPE}/\${var.OK}
          headers: {X: '\${bogus}'}
        preCondition: \${response.status} == 1
`);
    const issues = issuesOf(load(text), text, new Set(['OK']));
    const msgs = issues.map((i) => `${i.path} | ${i.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        'stages.S.tasks.T.input.url | ${input.MISSING}: there is no input "MISSING"',
        'stages.S.tasks.T.input.url | ${var.NOPE}: the project has no variable "NOPE"',
        expect.stringMatching(
          /^stages\.S\.tasks\.T\.input\.headers \| \$\{bogus\} is not a binding/,
        ),
        'stages.S.tasks.T.preCondition | ${response.status} is only available in a POLL successCondition',
        'output.O | ${S.Nope.output.x}: there is no task "Nope" in stage "S"',
      ]),
    );
    expect(issues.find((i) => i.path === 'stages.S.tasks.T.input.url')?.line).toBe(13);
  });
  it('reports a task output of a task that does not run earlier, and cycles', () => {
    const doc = {
      name: 'p',
      stageOrder: ['S'],
      stages: {
        S: {
          taskOrder: ['A, B', 'C'],
          tasks: {
            A: { type: 'CONDITION', input: { condition: '${S.B.output.x} == 1' } },
            B: { type: 'CONDITION', input: { condition: '${S.A.output.x} == 1' } },
            C: { type: 'CONDITION', input: { condition: '${S.C.output.x} == ${S.A.output.y}' } },
          },
        },
      },
    };
    const msgs = issuesOf(doc).map((i) => i.message);
    expect(msgs).toContain(`\${S.B.output.x}: cycle: "A" and "B" use each other's output`);
    expect(msgs).toContain('${S.C.output.x}: a task cannot use its own output');
    expect(msgs.filter((m) => m.includes('${S.A.output.y}'))).toEqual([]);
  });
  it('accepts a later stage using an earlier stage, with spaces in names', () => {
    validDoc(API_MD_EXAMPLE);
    validDoc(ALL_TASK_TYPES_EXAMPLE);
  });
  it('reports a missing name and bad top-level values', () => {
    const paths = issuesOf({ concurrency: 0, autoInject: 'SVN' }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'concurrency', 'autoInject']));
  });
});
