'use client';

import * as Tabs from '@radix-ui/react-tabs';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { RunPipelineButton } from '@/components/executions/run-button';
import { useLeaveGuard } from '@/components/ui/leave-guard';
import type { FieldIssue } from '@/lib/api/errors';
import { ApiError, apiFetch } from '@/lib/client/api';
import { parsePipelineYaml, pipelineToYaml, stripServerKeys } from '@/lib/pipeline/document-yaml';
import type { PipelineDoc } from '@/lib/schemas/pipeline';
import type { PipelineDetailDto } from '@/lib/services/pipelines/view';
import styles from './editor.module.css';
import { CheckField, TextField, type FieldErrors } from './fields';
import { InputTab, OutputTab } from './input-output-tabs';
import { ModelTab } from './model-tab';
import { pipelinesQueryKey } from './queries';
import { YamlTab } from './yaml-tab';

type Tab = 'input' | 'model' | 'output' | 'yaml';

/** Top-level keys the editor may remove; a JSON PATCH sends null for them to delete them. */
const REMOVABLE = ['autoInject', '_inputMeta'] as const;

const toDraft = (d: PipelineDetailDto) => stripServerKeys(d) as PipelineDoc;

/**
 * The pipeline editor: Input, Model, Output and YAML tabs over one draft document. Saving sends
 * JSON (or the YAML text, when edited in the YAML tab); the API's field errors are shown next to
 * their fields and, for YAML, at their line.
 */
export function PipelineEditor({ id, initial }: { id?: string; initial: PipelineDoc }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [doc, setDoc] = useState<PipelineDoc>(initial);
  /** The document as last loaded or saved: anything else is an unsaved change. */
  const [savedDoc, setSavedDoc] = useState<PipelineDoc>(initial);
  const [tab, setTab] = useState<Tab>('input');
  const [yamlText, setYamlText] = useState('');
  const [yamlDirty, setYamlDirty] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [saving, setSaving] = useState(false);
  const dirty = yamlDirty || JSON.stringify(doc) !== JSON.stringify(savedDoc);
  useLeaveGuard(dirty, 'Leave without saving? Your changes to this pipeline will be lost.');

  const applyYaml = (): PipelineDoc | undefined => {
    const r = parsePipelineYaml(yamlText);
    if (!r.ok) {
      setIssues([r.issue]);
      return undefined;
    }
    const next = stripServerKeys(r.value) as PipelineDoc;
    setDoc(next);
    setYamlDirty(false);
    return next;
  };

  const changeTab = (next: Tab) => {
    if (tab === 'yaml' && yamlDirty && !applyYaml()) return;
    if (next === 'yaml') {
      setYamlText(pipelineToYaml(doc as unknown as Record<string, unknown>));
      setYamlDirty(false);
    }
    setTab(next);
  };

  async function save() {
    setSaving(true);
    setMessage(undefined);
    const sendYaml = tab === 'yaml' && yamlDirty;
    try {
      let saved: PipelineDetailDto;
      if (sendYaml) {
        saved = await apiFetch<PipelineDetailDto>(
          id ? `/api/v1/pipelines/${id}` : '/api/v1/pipelines',
          {
            method: id ? 'PATCH' : 'POST',
            headers: { 'content-type': 'application/yaml' },
            body: yamlText,
          },
        );
      } else {
        const json: Record<string, unknown> = { ...doc };
        if (id) for (const k of REMOVABLE) if (!(k in doc)) json[k] = null;
        saved = await apiFetch<PipelineDetailDto>(
          id ? `/api/v1/pipelines/${id}` : '/api/v1/pipelines',
          {
            method: id ? 'PATCH' : 'POST',
            json,
          },
        );
      }
      const draft = toDraft(saved);
      setDoc(draft);
      setSavedDoc(draft);
      setErrors({});
      setIssues([]);
      if (tab === 'yaml') {
        setYamlText(pipelineToYaml(draft as unknown as Record<string, unknown>));
        setYamlDirty(false);
      }
      setMessage({ ok: true, text: 'Saved.' });
      await qc.invalidateQueries({ queryKey: pipelinesQueryKey });
      if (!id) router.replace(`/pipelines/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        const list = (err.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
        setIssues(sendYaml ? list : list.map(({ path, message: m }) => ({ path, message: m })));
      }
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="stack">
      <div className="page-head">
        <h1>{id ? doc.name || 'Pipeline' : 'New pipeline'}</h1>
        <div className="row">
          {id && (
            <a
              className="button"
              href={`/api/v1/pipelines/${id}?format=yaml`}
              download={`${doc.name}.yaml`}
            >
              Export YAML
            </a>
          )}
          {id && <RunPipelineButton pipelineId={id} disabled={!doc.enabled} />}
          <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
      {message && (
        <div
          className={`alert ${message.ok ? 'ok' : 'error'}`}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </div>
      )}
      <div className={styles.head}>
        <TextField
          label="Name"
          value={doc.name}
          onChange={(name) => setDoc({ ...doc, name })}
          error={errors.name}
        />
        <TextField
          label="Description"
          value={doc.description}
          onChange={(description) => setDoc({ ...doc, description })}
          error={errors.description}
        />
        <CheckField
          label="Enabled"
          checked={doc.enabled}
          onChange={(enabled) => setDoc({ ...doc, enabled })}
        />
      </div>
      <Tabs.Root value={tab} onValueChange={(v) => changeTab(v as Tab)}>
        <Tabs.List className={styles.tabs} aria-label="Pipeline editor">
          {(['input', 'model', 'output', 'yaml'] as const).map((t) => (
            <Tabs.Trigger key={t} value={t} className={`button ${styles.tab}`}>
              {t === 'yaml' ? 'YAML' : t[0]!.toUpperCase() + t.slice(1)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="input">
          <InputTab doc={doc} errors={errors} onChange={setDoc} />
        </Tabs.Content>
        <Tabs.Content value="model">
          <ModelTab doc={doc} project={doc.project} errors={errors} onChange={setDoc} />
        </Tabs.Content>
        <Tabs.Content value="output">
          <OutputTab doc={doc} errors={errors} onChange={setDoc} />
        </Tabs.Content>
        <Tabs.Content value="yaml">
          <YamlTab
            text={yamlText}
            issues={issues}
            onText={(t) => {
              setYamlText(t);
              setYamlDirty(true);
            }}
          />
        </Tabs.Content>
      </Tabs.Root>
    </div>
  );
}
