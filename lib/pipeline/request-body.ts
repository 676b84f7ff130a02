import { DEFAULT_MAX_BODY, isYaml, parseBody, readBodyLimited } from '@/lib/api/body';
import { validationFailed } from '@/lib/api/errors';
import { parsePipelineYaml } from './document-yaml';

/** Pipelines can be large (many manifests); still capped. */
export const MAX_PIPELINE_BODY = 4 * DEFAULT_MAX_BODY;

/**
 * Reads a pipeline document sent as JSON or, with a YAML content type, as YAML. YAML keeps its
 * text so validation errors can carry line numbers; duplicate keys are refused with their line.
 */
export async function readPipelineBody(
  req: Request,
): Promise<{ raw: unknown; yamlText?: string; yaml: boolean }> {
  const text = await readBodyLimited(req, MAX_PIPELINE_BODY);
  const contentType = req.headers.get('content-type');
  if (!isYaml(contentType)) return { raw: parseBody(text, contentType), yaml: false };
  const parsed = parsePipelineYaml(text);
  if (!parsed.ok) throw validationFailed([parsed.issue]);
  return { raw: parsed.value, yamlText: text, yaml: true };
}
