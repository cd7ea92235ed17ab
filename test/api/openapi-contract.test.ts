import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

type Schema = Record<string, unknown>;

/** A schema that says nothing: `{}` (what z.any() and z.unknown() become), or only a description. */
const isEmpty = (schema: Schema | undefined) =>
  !schema || Object.keys(schema).filter((key) => !['description', 'example', 'examples', 'deprecated', 'title'].includes(key)).length === 0;

/**
 * Every place under a success schema where the schema says nothing. Values of free-form maps
 * (`additionalProperties`, e.g. an audit row's details) may be anything; everything else is typed.
 */
function untypedPlaces(schema: Schema, components: Record<string, Schema>, path: string, seen = new Set<string>()): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    const target = components[name];
    return target ? untypedPlaces(target, components, `${path}→${name}`, new Set([...seen, name])) : [`${path}: unresolved ${schema.$ref}`];
  }
  if (isEmpty(schema)) return [path];
  const places: string[] = [];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const [index, option] of ((schema[key] as Schema[] | undefined) ?? []).entries()) places.push(...untypedPlaces(option, components, `${path}.${key}[${index}]`, seen));
  }
  for (const [name, property] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
    places.push(...untypedPlaces(property, components, `${path}.${name}`, seen));
  }
  if (schema.items && typeof schema.items === 'object') places.push(...untypedPlaces(schema.items as Schema, components, `${path}[]`, seen));
  for (const [index, item] of ((schema.prefixItems as Schema[] | undefined) ?? []).entries()) places.push(...untypedPlaces(item, components, `${path}[${index}]`, seen));
  return places;
}

describe('the OpenAPI document describes every answer', () => {
  let database: Database;
  let app: TestApp;
  let document: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>; components?: { schemas?: Record<string, Schema> } };

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const answer = await getJson(app, '/api/openapi.json');
    expect(answer.status).toBe(200);
    document = answer.body;
  });
  afterAll(async () => {
    await database.close();
  });

  it('gives every success response a content type with a concrete schema, all the way down', () => {
    const components = document.components?.schemas ?? {};
    const untyped: string[] = [];
    let successes = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!/^2\d\d$/.test(status) || status === '204') continue;
          successes++;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const content = Object.entries(response.content ?? {});
          if (content.length === 0) untyped.push(`${where}: no content`);
          for (const [type, media] of content) untyped.push(...untypedPlaces(media.schema ?? {}, components, `${where} ${type}`));
        }
      }
    }
    expect(untyped).toEqual([]);
    // the document covers the whole API: /api, /open311 and /ogc
    expect(successes).toBeGreaterThan(120);
    expect(Object.keys(document.paths).some((path) => path.startsWith('/open311/v2/'))).toBe(true);
    expect(Object.keys(document.paths).some((path) => path.startsWith('/ogc/collections'))).toBe(true);
  });

  it('declares binary answers as binary strings with their real content type', () => {
    const content = (path: string, method = 'get') => document.paths[path]?.[method]?.responses?.['200']?.content ?? {};
    expect(content('/api/analytics/kpis/export.xlsx')['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(content('/api/analytics/incident-points')['application/octet-stream']?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(content('/api/photos/{name}'))).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(content('/api/stream')['text/event-stream']?.schema).toMatchObject({ type: 'string' });
    expect(content('/open311/v2/services.xml')['application/xml']?.schema).toMatchObject({ type: 'string' });
  });

  it('finds a field the schema does not name in a checked answer (the test app\'s contract check can fail)', async () => {
    const { undescribedFields } = await import('../support/contract-check.ts');
    expect(undescribedFields({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2 } })).toEqual(['b.d']);
    expect(undescribedFields([{ a: 1, e: 2 }], [{ a: 1 }])).toEqual(['[0].e']);
  });
});
