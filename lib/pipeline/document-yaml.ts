/**
 * Pipeline documents as YAML: export writes keys in the document's order (stageOrder, stages,
 * tasks and inputs as the user arranged them), import parses with the core schema (no dates, no
 * custom tags). Exported and re-imported, a document is identical.
 */
import yaml from 'js-yaml';
import type { FieldIssue } from '@/lib/api/errors';
import { yamlErrorLine } from './yaml-lines';

/** Server-managed keys that may appear in a document read back from the JSON API; never stored. */
export const SERVER_KEYS = ['id', 'projectId', 'createdAt', 'updatedAt', 'lastExecution'] as const;

export function pipelineToYaml(doc: Record<string, unknown>): string {
  return yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false });
}

export type YamlParse = { ok: true; value: unknown } | { ok: false; issue: FieldIssue };

export function parsePipelineYaml(text: string): YamlParse {
  try {
    const value = yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      return {
        ok: false,
        issue: { path: '', message: 'a pipeline document must be a mapping', line: 1 },
      };
    }
    return { ok: true, value };
  } catch (err) {
    const e = err as yaml.YAMLException;
    const reason = e.reason ?? e.message;
    const message = /duplicated mapping key/.test(reason)
      ? 'the same name is used twice here (duplicated key): stage, task and input names must be unique'
      : `YAML does not parse: ${reason}`;
    return { ok: false, issue: { path: '', message, line: yamlErrorLine(text, e.mark) } };
  }
}

/** Drops server-managed keys from a document sent back to the API. */
export function stripServerKeys(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(SERVER_KEYS as readonly string[]).includes(k)) out[k] = v;
  }
  return out;
}

/** The document with `project` (by name) placed right after `kind`, as export shows it. */
export function withProject(
  doc: Record<string, unknown>,
  project: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: doc.kind ?? 'PIPELINE', project };
  for (const [k, v] of Object.entries(doc)) if (k !== 'kind' && k !== 'project') out[k] = v;
  return out;
}
