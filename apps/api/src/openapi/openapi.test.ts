import { releasesResponseSchema } from '@kaimen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../testing/test-app.ts';
import { DOCUMENTED_ROUTES } from './openapi.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1, public, and describes routes the API really has, with schemas from zod', async () => {
    const res = await t.app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const routes = new Set(t.app.routes.map((r) => `${r.method} ${r.path}`));
    for (const r of DOCUMENTED_ROUTES) expect(routes.has(r), r).toBe(true);
    for (const [path, methods] of Object.entries(doc.paths))
      for (const method of Object.keys(methods)) {
        const honoPath = path.replace(/\{(\w+)\}/g, ':$1').replace(/\/rows\.(csv|jsonl|xlsx)$/, '/:file');
        expect(routes.has(`${method.toUpperCase()} ${honoPath}`), `${method} ${path}`).toBe(true);
      }
    // The release list's schema is the zod schema's: the same required fields.
    const schema = doc.paths['/v1/releases']!.get!.responses['200']!.content!['application/json']!.schema as {
      properties: { releases: { items: { required: string[] } } };
    };
    const zodKeys = Object.keys(releasesResponseSchema.shape.releases.element.shape).sort();
    expect(schema.properties.releases.items.required.sort()).toEqual(zodKeys);
  });
});
