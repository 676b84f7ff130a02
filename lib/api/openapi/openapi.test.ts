import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './index';

describe('OpenAPI document', () => {
  const doc = buildOpenApi('http://127.0.0.1:3000') as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  const text = JSON.stringify(doc);

  it('lists the contract paths', () => {
    for (const p of ['/api/v1/projects', '/api/v1/tokens', '/api/v1/login', '/api/v1/setup']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });

  it('resolves every $ref to a component schema', () => {
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    }
    expect(text).not.toContain('#/definitions');
  });
});
