import yaml from 'js-yaml';
import { yamlErrorLine } from '../pipeline/yaml-lines';
import { AppError, validationFailed } from './errors';

export const DEFAULT_MAX_BODY = 1024 * 1024;

/** Reads at most `max` bytes: a larger body is refused without reading the rest. */
export async function readBodyLimited(req: Request, max = DEFAULT_MAX_BODY): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (max: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${Math.round(max / 1024)} KiB`);

export const isYaml = (contentType: string | null) => !!contentType && /yaml/i.test(contentType);

/** JSON (malformed → 400) or, for YAML content types, YAML (malformed → 422 with the line). */
export function parseBody(text: string, contentType: string | null): unknown {
  if (isYaml(contentType)) return parseYamlDocument(text);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError('BAD_REQUEST', `The body is not valid JSON: ${(err as Error).message}`);
  }
}

export function parseYamlDocument(text: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? {};
  } catch (err) {
    const e = err as yaml.YAMLException;
    const line = yamlErrorLine(text, e.mark);
    throw validationFailed([
      { path: '', message: `YAML does not parse: ${e.reason ?? e.message}`, line },
    ]);
  }
}
