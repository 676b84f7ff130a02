import { describe, expect, it } from 'vitest';
import { maskSecrets } from '@/lib/runner/mask';
import { conditionTask } from '@/lib/runner/tasks/condition';
import type { TaskRunContext } from '@/lib/runner/task-types';
import {
  ExpressionError,
  describeResolved,
  evaluateCondition,
  evaluateExpression,
  explainExpression,
  type BindingScope,
} from './bindings';

const SECRET = 'pa"ss\\word';

const scope = (inputs: Record<string, unknown> = {}): BindingScope => ({
  inputs: { DOCKER_TAG: 'latest', ENV: 'prod', REPLICAS: '', COUNT: '3', ...inputs },
  vars: { TOKEN: SECRET, PIN: '12', region: 'eu-west-1' },
  taskOutputs: { Build: { Image: { tag: 'v7' } } },
  executionId: 'ex-1',
  executionIndex: 1,
});

/** Runs the CONDITION handler as the runner does, then masks the message as the runner does. */
async function runCondition(condition: string, s = scope()) {
  const ctx = {
    executionId: 'ex-1',
    executionIndex: 1,
    projectId: 'p',
    pipelineId: 'pl',
    stage: 'S',
    task: 'Check',
    input: {},
    doc: { type: 'CONDITION', input: { condition } },
    resolve: (v: unknown) => v,
    log: () => Promise.resolve(),
    signal: new AbortController().signal,
    evaluate: (expr: string) => evaluateExpression(expr, s),
    scope: s,
  } as TaskRunContext;
  const r = await conditionTask.run(ctx);
  return { ...r, message: r.message && maskSecrets(r.message, [SECRET, '12']) };
}

function compareError(expr: string, s = scope()): string {
  try {
    evaluateCondition(expr, s);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    return (err as Error).message;
  }
  throw new Error(`${expr} did not fail`);
}

describe('condition failure messages', () => {
  it('names each binding and shows the value compared', async () => {
    const r = await runCondition('${input.DOCKER_TAG} != "latest"');
    expect(r.status).toBe('FAILED');
    expect(r.message).toBe(
      'Condition is false: ${input.DOCKER_TAG} != "latest" (DOCKER_TAG = "latest")',
    );
  });

  it('lists only the bindings evaluated, once each, with outputs and vars as written', async () => {
    const r = await runCondition(
      '${input.ENV} == "prod" && ${Build.Image.output.tag} == "v8" && ${input.ENV} != ""',
    );
    expect(r.message).toBe(
      'Condition is false: ${input.ENV} == "prod" && ${Build.Image.output.tag} == "v8" && ${input.ENV} != "" (ENV = "prod", Build.Image.output.tag = "v7")',
    );
    const empty = await runCondition('${input.REPLICAS} == "1" || ${var.region} == "us"');
    expect(empty.message).toBe(
      'Condition is false: ${input.REPLICAS} == "1" || ${var.region} == "us" (REPLICAS = (empty), var.region = "eu-west-1")',
    );
  });

  it('never shows a secret variable: the runner masks it, short ones are not shown at all', async () => {
    const r = await runCondition('${var.TOKEN} == "x" || ${var.PIN} == "99"');
    expect(r.message).toBe(
      'Condition is false: ${var.TOKEN} == "x" || ${var.PIN} == "99" (var.TOKEN = "*****", var.PIN = (not shown))',
    );
    expect(r.message).not.toContain('word');
  });

  it('passes without a message when true', async () => {
    const r = await runCondition('${input.COUNT} > 2');
    expect(r).toMatchObject({ status: 'COMPLETED', output: { result: true } });
    expect(r.message).toBeUndefined();
  });

  it('explains an expression with the values it resolved', () => {
    const e = explainExpression('"${input.ENV}-x" == "prod-x" && ${input.COUNT} >= 3', scope());
    expect(e.value).toBe(true);
    expect(describeResolved(e.resolved)).toBe('ENV = "prod", COUNT = "3"');
  });
});

describe('comparison errors', () => {
  it('name the binding and say when its value is empty', () => {
    expect(compareError('${input.REPLICAS} > 0')).toBe(
      'Cannot compare ${input.REPLICAS} (empty) > 0: > needs two numbers or two texts',
    );
  });

  it('show text values quoted and literals as written', () => {
    expect(compareError('5 <= ${input.ENV}')).toBe(
      'Cannot compare 5 <= ${input.ENV} ("prod"): <= needs two numbers or two texts',
    );
    expect(compareError('${input.N} < 1', scope({ N: null }))).toMatch(
      /^Cannot compare \$\{input\.N\} \(null\) < 1/,
    );
  });

  it('keep secret values maskable (not escaped) and hide short secrets', () => {
    const msg = compareError('${var.TOKEN} > 1');
    expect(msg).toContain(SECRET);
    expect(maskSecrets(msg, [SECRET])).toBe(
      'Cannot compare ${var.TOKEN} ("*****") > 1: > needs two numbers or two texts',
    );
    expect(compareError('${var.PIN} > true')).toBe(
      'Cannot compare ${var.PIN} (not shown) > true: > needs two numbers or two texts',
    );
  });
});
