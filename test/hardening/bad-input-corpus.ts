/**
 * The bad-input corpus: requests an attacker or a careless client sends, generated from the API's
 * own OpenAPI document so that every route family is covered and a new route is covered the day it
 * is added. Each case is something no route may accept: the answer must be a 4xx with the error
 * shape, and nothing may be written.
 */

export interface CorpusCase {
  /** What the case is, for the failure message. */
  label: string;
  method: string;
  /** The path and query exactly as sent (already percent-encoded where meant). */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: { type?: string; format?: string; enum?: unknown[] };
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, unknown> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** Text that is wrong whatever the field: NUL, broken percent-encoding, UTF-8 of a lone surrogate. */
const badEverywhere = ['a%00b', '%zz', '%ED%A0%80'];
/** Wrong wherever an integer is expected (ids, limits, offsets, counts). */
const badIntegers = ['1e20', '0x10', '2147483648', '1.5'];
/** Wrong wherever a number (a coordinate) is expected. */
const badNumbers = ['0x10', 'NaN', '1e400', ',,,'];
/** Wrong wherever a date or instant is expected. */
const badInstants = ['0000-01-01', '2026-02-30', '1000-01-01T00:00:00Z', 'yesterday'];
/** Wrong wherever a bbox is expected. */
const badBboxes = [',,,', '0x10,0,1,1', '200,0,201,1', '2,2,1,1'];
/** Wrong wherever a path id is expected. */
const badPathIds = ['2147483648', '99999999999999999999', '0', '1e3', '%00'];
/** Bodies that no JSON route accepts. */
const badJsonBodies: [string, string][] = [
  ['truncated JSON', '{"a":'],
  ['an array', '[1,2,3]'],
  ['NUL in an unknown field', '{"zzz":"\\u0000"}'],
  ['a lone surrogate in an unknown field', '{"zzz":"\\ud800"}'],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
];

/** A value for a path parameter that is fine, so that the case tests the other part. */
function goodPathValue(parameter: OpenApiParameter, ids: { id: number }): string {
  if (parameter.name === 'id') return String(ids.id);
  if (parameter.schema?.format === 'date') return '2026-10-01';
  if (parameter.name === 'file') return 'x.json';
  if (parameter.name === 'collectionId') return 'grids';
  if (parameter.name === 'featureId') return '1';
  if (parameter.name === 'code') return '0102';
  if (parameter.name === 'name') return 'x.jpg';
  return 'x';
}

function fill(path: string, parameters: OpenApiParameter[], ids: { id: number }, replace?: { name: string; value: string }): string {
  let filled = path;
  for (const parameter of parameters.filter((entry) => entry.in === 'path')) {
    const value = replace?.name === parameter.name ? replace.value : encodeURIComponent(goodPathValue(parameter, ids));
    filled = filled.replace(`{${parameter.name}}`, value);
  }
  return filled;
}

function badValuesOf(parameter: OpenApiParameter): string[] {
  const { type, format, enum: values } = parameter.schema ?? {};
  const name = parameter.name;
  if (name === 'bbox') return [...badEverywhere, ...badBboxes];
  if (format === 'date-time' || format === 'date' || name === 'start_date' || name === 'end_date') return [...badEverywhere, ...badInstants];
  // event ids are bigint: only what no integer column takes
  if (name === 'lastEventId') return [...badEverywhere, '1e20', '0x10', '1.5'];
  if (type === 'integer') return [...badEverywhere, ...badIntegers];
  if (type === 'number') return [...badEverywhere, ...badNumbers];
  if (type === 'boolean' || values) return [...badEverywhere, 'maybe'];
  return badEverywhere;
}

/**
 * Every case of the corpus. `skip` leaves out routes whose very purpose is to take free bytes
 * (uploads are covered by their own cases) or that end the caller's session.
 */
export function buildCorpus(document: OpenApiDocument, ids: { id: number }): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [lowerMethod, operation] of Object.entries(operations)) {
      const method = lowerMethod.toUpperCase();
      const parameters = operation.parameters ?? [];
      if (path === '/api/auth/logout' || path === '/api/docs/assets/{name}' || path === '/api/photos/{name}') continue;
      // path parameters
      for (const parameter of parameters.filter((entry) => entry.in === 'path')) {
        const values = parameter.schema?.type === 'integer' ? badPathIds : parameter.schema?.format === 'date' ? [...badEverywhere, '2026-02-30', '0000-01-01'] : badEverywhere;
        for (const value of values) {
          cases.push({ label: `${method} ${path} with ${parameter.name}=${value}`, method, url: fill(path, parameters, ids, { name: parameter.name, value }), ...bodyFor(operation) });
        }
      }
      // query parameters (on reads: a write's query is not where its input is)
      if (method === 'GET') {
        for (const parameter of parameters.filter((entry) => entry.in === 'query' && entry.name !== 'apikey')) {
          for (const value of badValuesOf(parameter)) {
            cases.push({ label: `${method} ${path}?${parameter.name}=${value}`, method, url: `${fill(path, parameters, ids)}?${parameter.name}=${value}` });
          }
        }
      }
      // bodies
      if (operation.requestBody?.content?.['application/json']) {
        for (const [label, body] of badJsonBodies) {
          cases.push({ label: `${method} ${path} with ${label}`, method, url: fill(path, parameters, ids), headers: { 'Content-Type': 'application/json' }, body });
        }
      }
    }
  }
  return cases;
}

function bodyFor(operation: OpenApiOperation): Pick<CorpusCase, 'headers' | 'body'> {
  return operation.requestBody?.content?.['application/json'] ? { headers: { 'Content-Type': 'application/json' }, body: '{}' } : {};
}

/** Cases written by hand: the requests the outside test found, and bodies the generator cannot know. */
export function handWrittenCases(ids: { householdId: number; gridId: number }): CorpusCase[] {
  const json = { 'Content-Type': 'application/json' };
  const multipart = { 'Content-Type': 'multipart/form-data; boundary=XyZ' };
  const point = { longitude: 117.003, latitude: 31.005 };
  return [
    { label: 'address search with NUL', method: 'GET', url: '/api/addresses?q=%00' },
    { label: 'household id beyond int4', method: 'GET', url: '/api/households/2147483648' },
    { label: 'grid id beyond int4', method: 'GET', url: '/api/grids/2147483648' },
    { label: 'malformed percent-encoding at the root', method: 'GET', url: '/%zz' },
    { label: 'malformed percent-encoding under /api', method: 'GET', url: '/api/%zz' },
    { label: 'malformed percent-encoding under /open311', method: 'GET', url: '/open311/v2/%zz.json' },
    { label: 'NUL in a path', method: 'GET', url: '/api/grids%00' },
    { label: 'grids at year 0000', method: 'GET', url: '/api/grids?at=0000-01-01' },
    { label: 'grids at 30 February', method: 'GET', url: '/api/grids?at=2026-02-30' },
    { label: 'bbox of empty numbers', method: 'GET', url: '/api/grids?bbox=,,,' },
    { label: 'hex longitude', method: 'GET', url: '/api/lookup?lng=0x10&lat=31' },
    { label: 'empty longitude', method: 'GET', url: '/api/lookup?lng=&lat=31' },
    { label: 'OGC offset 1e20', method: 'GET', url: '/ogc/collections/grids/items?offset=1e20' },
    { label: 'OGC offset beyond int4', method: 'GET', url: '/ogc/collections/grids/items?offset=99999999999' },
    { label: 'OGC datetime year 0000', method: 'GET', url: '/ogc/collections/incidents/items?datetime=0000-01-01T00:00:00Z' },
    { label: 'OGC datetime 30 February', method: 'GET', url: '/ogc/collections/incidents/items?datetime=2026-02-30T00:00:00Z' },
    { label: 'OGC bbox of empty numbers', method: 'GET', url: '/ogc/collections/grids/items?bbox=,,,' },
    { label: 'OGC feature id beyond int4', method: 'GET', url: '/ogc/collections/grids/items/2147483648' },
    { label: 'Open311 start_date 30 February', method: 'GET', url: '/open311/v2/requests.json?start_date=2026-02-30' },
    { label: 'Open311 start_date year 0000', method: 'GET', url: '/open311/v2/requests.xml?start_date=0000-01-01' },
    { label: 'login with NUL in the username', method: 'POST', url: '/api/auth/login', headers: json, body: JSON.stringify({ username: 'admin\u0000', password: 'x' }) },
    { label: 'login with a lone surrogate in the password', method: 'POST', url: '/api/auth/login', headers: json, body: '{"username":"admin","password":"\\ud800"}' },
    { label: 'login with a number as the username', method: 'POST', url: '/api/auth/login', headers: json, body: '{"username":1,"password":"x"}' },
    { label: 'incident with reportedAt in year 1000', method: 'POST', url: '/api/incidents', headers: json,
      body: JSON.stringify({ categoryCode: '0102', source: 'hotline', description: '测试', ...point, reportedAt: '1000-01-01T00:00:00+08:00' }) },
    { label: 'incident with reportedAt on 30 February', method: 'POST', url: '/api/incidents', headers: json,
      body: JSON.stringify({ categoryCode: '0102', source: 'hotline', description: '测试', ...point, reportedAt: '2026-02-30T00:00:00+08:00' }) },
    { label: 'incident with a NUL description', method: 'POST', url: '/api/incidents', headers: json,
      body: JSON.stringify({ categoryCode: '0102', source: 'hotline', description: 'a\u0000b', ...point }) },
    { label: 'incident with a lone surrogate description', method: 'POST', url: '/api/incidents', headers: json,
      body: `{"categoryCode":"0102","source":"hotline","description":"a\\udbffb","longitude":117.003,"latitude":31.005}` },
    { label: 'incident with NaN coordinates', method: 'POST', url: '/api/incidents', headers: json, body: '{"categoryCode":"0102","source":"hotline","description":"x","longitude":NaN,"latitude":31}' },
    { label: 'incident with swapped coordinates', method: 'POST', url: '/api/incidents', headers: json,
      body: JSON.stringify({ categoryCode: '0102', source: 'hotline', description: 'x', longitude: 31.005, latitude: 117.003 }) },
    { label: 'assign a worker id beyond int4', method: 'PUT', url: `/api/grids/${ids.gridId}/worker`, headers: json, body: JSON.stringify({ workerId: 2147483648 }) },
    { label: 'assign a worker id of 1e20', method: 'PUT', url: `/api/grids/${ids.gridId}/worker`, headers: json, body: '{"workerId":1e20}' },
    { label: 'assign a worker id as a string', method: 'PUT', url: `/api/grids/${ids.gridId}/worker`, headers: json, body: '{"workerId":"1"}' },
    { label: 'user with a worker id beyond int4', method: 'POST', url: '/api/users', headers: json,
      body: JSON.stringify({ username: 'w-big', displayName: '大号', role: 'worker', password: 'Abcdef-12345', workerId: 2147483648 }) },
    { label: 'user with a NUL display name', method: 'POST', url: '/api/users', headers: json,
      body: JSON.stringify({ username: 'w-nul', displayName: 'a\u0000', role: 'planner', password: 'Abcdef-12345' }) },
    { label: 'risk source with a community id beyond int4', method: 'POST', url: '/api/risk-sources', headers: json, body: '{"communityId":2147483648}' },
    { label: 'reveal with an injection string as the reason', method: 'POST', url: `/api/households/${ids.householdId}x/reveal`, headers: json, body: '{"reason":"\'; drop table households;--"}' },
    { label: 'households with an injection string as the grid', method: 'GET', url: "/api/households?gridId=1%27%20or%201%3D1--" },
    { label: 'photo as malformed multipart', method: 'POST', url: '/api/photos', headers: multipart, body: 'this is not multipart at all' },
    { label: 'photo as multipart without a closing boundary', method: 'POST', url: '/api/photos', headers: multipart, body: '--XyZ\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nabc' },
    { label: 'resident photo as malformed multipart', method: 'POST', url: '/api/resident/photos', headers: multipart, body: '--nope' },
    { label: 'import as malformed multipart', method: 'POST', url: '/api/imports', headers: multipart, body: '--XyZ\r\nbroken' },
    { label: 'Open311 submission with a hex longitude', method: 'POST', url: '/open311/v2/requests.json', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'service_code=0102&description=x&lat=31&long=0x10&api_key=none' },
    { label: 'Open311 submission as malformed multipart', method: 'POST', url: '/open311/v2/requests.json', headers: multipart, body: 'garbage' },
    { label: 'calendar day 30 February', method: 'PUT', url: '/api/calendar/days/2026-02-30', headers: json, body: '{"kind":"holiday"}' },
    { label: 'calendar day in year 0000', method: 'PUT', url: '/api/calendar/days/0000-01-01', headers: json, body: '{"kind":"holiday"}' },
    { label: 'audit log from year 0000', method: 'GET', url: '/api/audit-log?from=0000-01-01' },
    { label: 'audit log offset 1e20', method: 'GET', url: '/api/audit-log?offset=1e20' },
    { label: 'cases offset beyond the range', method: 'GET', url: '/api/cases?offset=99999999999' },
  ];
}
