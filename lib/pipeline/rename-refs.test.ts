import { describe, expect, it } from 'vitest';
import { renameStage, renameTask } from '@/components/pipelines/doc-ops';
import type { PipelineDoc } from '@/lib/schemas/pipeline';
import { renameReferences } from './rename-refs';
import { validatePipeline } from './validate';

const doc = (): PipelineDoc => ({
  kind: 'PIPELINE',
  name: 'p',
  description: '',
  enabled: true,
  concurrency: 10,
  input: { TAG: '' },
  output: {
    image: '${Build.Image.output.tag}',
    both: '${Build.Image.output.tag}/${Build.Other.output.x}',
    dotted: '${Stage.v1.Get it.output.status}',
    same: '${Deploy.Image.output.result}',
  },
  stageOrder: ['Build', 'Stage.v1', 'Deploy'],
  stages: {
    Build: {
      taskOrder: ['Image', 'Other'],
      tasks: {
        Image: { type: 'CONDITION', input: { condition: 'true' } },
        Other: { type: 'CONDITION', input: { condition: 'true' } },
      },
    },
    'Stage.v1': {
      taskOrder: ['Get it'],
      tasks: { 'Get it': { type: 'REST', input: { action: 'get', url: 'http://x/${input.TAG}' } } },
    },
    Deploy: {
      taskOrder: ['Check', 'Apply', 'Undo', 'Image'],
      tasks: {
        Image: { type: 'CONDITION', input: { condition: 'true' } },
        Check: {
          type: 'CONDITION',
          preCondition: '${Build.Image.output.tag} != ""',
          input: { condition: '"${Build.Image.output.tag}" != "${Build.Other.output.tag}"' },
        },
        Apply: {
          type: 'REST',
          input: {
            action: 'post',
            url: 'http://x/${Stage.v1.Get it.output.status}',
            headers: { 'X-${Build.Image.output.tag}': '${Build.Image.output.body.items}' },
            payload: { list: ['${Build.Image.output.tag}', 3] },
          },
        },
        Undo: {
          type: 'K8S',
          endpoints: { kubernetesServer: 'dev' },
          input: { action: 'ROLLBACK', rollbackTask: 'Build.Image' },
        },
      },
    },
  },
});

describe('renameReferences', () => {
  it('rewrites every binding to a renamed task: outputs, inputs (keys too), preConditions', () => {
    const out = renameReferences(
      doc(),
      { stage: 'Build', task: 'Image' },
      { stage: 'Build', task: 'Img' },
    );
    expect(out.output).toEqual({
      image: '${Build.Img.output.tag}',
      both: '${Build.Img.output.tag}/${Build.Other.output.x}',
      dotted: '${Stage.v1.Get it.output.status}',
      same: '${Deploy.Image.output.result}',
    });
    const deploy = out.stages.Deploy!.tasks;
    expect(deploy.Check!.preCondition).toBe('${Build.Img.output.tag} != ""');
    expect(deploy.Check!.input.condition).toBe(
      '"${Build.Img.output.tag}" != "${Build.Other.output.tag}"',
    );
    expect(deploy.Apply!.input.headers).toEqual({
      'X-${Build.Img.output.tag}': '${Build.Img.output.body.items}',
    });
    expect(deploy.Apply!.input.payload).toEqual({ list: ['${Build.Img.output.tag}', 3] });
    expect(deploy.Undo!.input.rollbackTask).toBe('Build.Img');
  });

  it('rewrites bindings to a renamed stage, including stage names with dots', () => {
    const out = renameReferences(doc(), { stage: 'Stage.v1' }, { stage: 'Fetch' });
    expect(out.output.dotted).toBe('${Fetch.Get it.output.status}');
    expect(out.stages.Deploy!.tasks.Apply!.input.url).toBe(
      'http://x/${Fetch.Get it.output.status}',
    );
    expect(out.output.image).toBe('${Build.Image.output.tag}');
    const built = renameReferences(doc(), { stage: 'Build' }, { stage: 'Make' });
    expect(built.stages.Deploy!.tasks.Undo!.input.rollbackTask).toBe('Make.Image');
    expect(built.output.both).toBe('${Make.Image.output.tag}/${Make.Other.output.x}');
  });

  it('leaves the document as it was when nothing refers to the renamed task', () => {
    const before = doc();
    const out = renameReferences(
      before,
      { stage: 'Deploy', task: 'Apply' },
      { stage: 'Deploy', task: 'Go' },
    );
    expect(out).toEqual(before);
  });
});

describe('editor renames', () => {
  it('renaming a task keeps the document valid: its bindings follow the new name', () => {
    const renamed = renameTask(doc(), 'Build', 'Image', 'Container image');
    expect(renamed.stages.Build!.taskOrder).toEqual(['Container image', 'Other']);
    expect(renamed.output.image).toBe('${Build.Container image.output.tag}');
    const r = validatePipeline(renamed);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('renaming a stage keeps the document valid', () => {
    const renamed = renameStage(doc(), 'Build', 'Compile');
    expect(renamed.stageOrder).toEqual(['Compile', 'Stage.v1', 'Deploy']);
    expect(Object.keys(renamed.stages)).toEqual(['Compile', 'Stage.v1', 'Deploy']);
    expect(renamed.stages.Deploy!.tasks.Check!.preCondition).toBe(
      '${Compile.Image.output.tag} != ""',
    );
    const r = validatePipeline(renamed);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});
