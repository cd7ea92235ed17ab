import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  open311CreatedListSchema, open311DiscoverySchema, open311ErrorListSchema, open311RequestListSchema, open311ServiceDefinitionSchema,
  open311ServiceListSchema, open311TokenListSchema,
} from '../../contract/open311.ts';
import type { AppContext } from '../app-context.ts';
import { verifyApiKey } from '../api-keys/api-keys.repo.ts';
import type { AppEnv } from '../http/app-env.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, invalidRequest, notFound, problem, type FieldProblem } from '../http/failure.ts';
import { textResponse } from '../http/openapi-responses.ts';
import { publishIncidentEvents } from '../incidents/incident-live-events.ts';
import { readPolicyNumber } from '../incidents/incident-loop.repo.ts';
import { normaliseAddressQuery } from '../residents/address-query.ts';
import { publicStatusOf, statusNoteOf } from '../residents/public-report-view.ts';
import { residentCategories } from '../residents/resident-categories.ts';
import { publicLocationOf } from '../residents/public-location.ts';
import { listPublicReports, readPublicExposurePolicy, type PublicExposurePolicy, type PublicReportRow } from '../residents/resident-reports.repo.ts';
import { searchBuildingAddresses } from '../residents/residents.repo.ts';
import { submitResidentReport } from '../residents/resident-submission.ts';
import { zoneTimeZone } from '../time/zone.ts';
import { isoWithOffset, objectToXml, parseOpen311Date, toXml } from './open311-format.ts';
import { enforceLimit } from '../accounts/rate-limiter.ts';
import { publicOriginOf } from '../accounts/client-address.ts';
import { parseDecimal } from '../http/strict-values.ts';

type Format = 'json' | 'xml';

/** "requests.json" → ['requests', 'json']; an unknown extension is no route. */
function splitFormat(file: string): [string, Format] | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  return match ? [match[1]!, match[2] as Format] : undefined;
}

/** The spec's XML answer: a root list element of repeated items. */
function xmlAnswer(c: Context<AppEnv>, root: string, item: string, items: unknown[], status: 200 | 201 = 200) {
  return c.body(toXml(root, item, items), status, { 'Content-Type': 'application/xml; charset=utf-8' });
}

/** A `.json` or `.xml` file path's answer. */
function answer<T>(c: Context<AppEnv>, format: Format, root: string, item: string, items: T[]) {
  return format === 'xml' ? xmlAnswer(c, root, item, items) : c.json(items, 200);
}

interface ServiceRow {
  code: string;
  majorCode: string;
  nameZh: string;
  nameEn: string;
  majorNameZh: string;
  majorNameEn: string;
  deadlineAmount: number;
  deadlineUnit: string;
  department: string | null;
}

const tags = ['open311'];
const errors = {
  400: { content: { 'application/json': { schema: open311ErrorListSchema }, 'application/xml': { schema: z.string() } }, description: 'The spec\'s error list, one {code, description} per problem' },
  404: { content: { 'application/json': { schema: open311ErrorListSchema }, 'application/xml': { schema: z.string() } }, description: 'No such service, request or token' },
};
const xml = (description: string) => textResponse('application/xml', description);
const fileParameter = z.object({ file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: 'E20260615-000123.json' }) });
const localeQuery = z.string().optional().openapi({ param: { name: 'locale', in: 'query' }, description: 'en for English names and notes; Chinese otherwise' });
const requestsQuery = z.object({
  start_date: z.string().optional().openapi({ param: { name: 'start_date', in: 'query' }, description: 'W3C date-time with a zone' }),
  end_date: z.string().optional().openapi({ param: { name: 'end_date', in: 'query' } }),
  status: z.string().optional().openapi({ param: { name: 'status', in: 'query' }, example: 'open,closed' }),
  service_request_id: z.string().optional().openapi({ param: { name: 'service_request_id', in: 'query' } }),
  service_code: z.string().optional().openapi({ param: { name: 'service_code', in: 'query' } }),
  locale: localeQuery,
});

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2, outside /api: its
 * own wire format (snake_case, lists, {code, description} errors) for other city systems. Services
 * are the minor classes of the category tree; requests are incidents the public may see. Reading is
 * open; submitting needs an API key with scope open311_submit. Each route answers JSON, or the
 * spec's XML on the `.xml` path; both are declared (contract/open311.ts).
 */
export function createOpen311Routes(context: AppContext, options: { clock?: () => Date } = {}) {
  const router = createRouter();
  const { sql } = context.database;
  const clock = options.clock ?? (() => new Date());

  const timeZoneOf = () => zoneTimeZone(sql);
  const loadServices = () => sql<ServiceRow[]>`
    select c.code, c.major_code, c.name_zh, c.name_en, m.name_zh as major_name_zh, m.name_en as major_name_en,
           c.deadline_amount, c.deadline_unit, c.department
      from incident_categories c join incident_categories m on m.code = c.major_code
     order by c.code`;
  const english = (c: Context<AppEnv>) => (c.req.query('locale') ?? '').toLowerCase().startsWith('en');

  const serviceView = (row: ServiceRow, en: boolean) => ({
    service_code: row.code,
    service_name: en ? row.nameEn : row.nameZh,
    description: `${en ? row.nameEn : row.nameZh} — ${en ? 'deadline' : '处置时限'} ${row.deadlineAmount} ${
      row.deadlineUnit === 'working_hours' ? (en ? 'working hours' : '工作小时') : en ? 'working days' : '工作日'}`,
    metadata: false,
    type: 'realtime' as const,
    keywords: residentCategories.filter((category) => category.categoryCode === row.code).map((category) => (en ? category.nameEn : category.nameZh)).join(','),
    group: en ? row.majorNameEn : row.majorNameZh,
  });

  // what the public reads: the dispatcher's summary (or the class's name), never the reporter's words;
  // no address (it may be a home's); the point rounded unless the class is a public fixture
  const requestView = (row: PublicReportRow, timeZone: string, en: boolean, policy: PublicExposurePolicy) => ({
    service_request_id: row.trackingCode,
    status: publicStatusOf(row.status),
    status_notes: statusNoteOf(row, en ? 'en' : 'zh'),
    service_name: en ? row.categoryNameEn : row.categoryNameZh,
    service_code: row.categoryCode,
    description: row.publicSummary ?? (en ? row.categoryNameEn : row.categoryNameZh),
    agency_responsible: row.department ?? (row.communityName ? `${row.communityName}${en ? ' residents\' committee' : '社区居委会'}` : null),
    service_notice: null,
    requested_datetime: isoWithOffset(row.reportedAt, timeZone),
    updated_datetime: isoWithOffset(row.updatedAt, timeZone),
    expected_datetime: row.dueAt ? isoWithOffset(row.dueAt, timeZone) : null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: publicLocationOf(row, policy).lat,
    long: publicLocationOf(row, policy).lng,
    media_url: null,
  });

  const discovery = (c: Context<AppEnv>) => {
    const base = { origin: publicOriginOf(c, context.config.trustedProxies) };
    return {
      changeset: '2026-11-28T16:00:00Z',
      contact: 'GridAtlas command centre (demo data)',
      key_service: 'API keys are issued by a GridAtlas administrator (scope open311_submit)',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${base.origin}/open311/v2`, changeset: '2026-11-28T16:00:00Z', type: 'production' as const, formats: ['application/json', 'text/xml'] }],
    };
  };
  router.openapi(createRoute({
    method: 'get', path: '/discovery.json', tags, summary: 'Where the endpoints are and which formats they speak',
    responses: { 200: { content: { 'application/json': { schema: open311DiscoverySchema } }, description: 'Discovery' } },
  }), (c) => c.json(discovery(c), 200));
  router.openapi(createRoute({
    method: 'get', path: '/discovery.xml', tags, summary: 'Discovery, as the spec\'s XML',
    responses: { 200: textResponse('application/xml', 'Discovery') },
  }), (c) => c.body(objectToXml('discovery', discovery(c), { endpoints: 'endpoint', formats: 'format' }), 200, { 'Content-Type': 'application/xml; charset=utf-8' }));

  const listServices = async (c: Context<AppEnv>) => {
    const en = english(c);
    return (await loadServices()).map((row) => serviceView(row, en));
  };
  router.openapi(createRoute({
    method: 'get', path: '/services.json', tags, summary: 'Services: the minor classes of the category tree', request: { query: z.object({ locale: localeQuery }) },
    responses: { 200: { content: { 'application/json': { schema: open311ServiceListSchema } }, description: 'Services' } },
  }), async (c) => c.json(await listServices(c), 200));
  router.openapi(createRoute({
    method: 'get', path: '/services.xml', tags, summary: 'Services, as the spec\'s XML', request: { query: z.object({ locale: localeQuery }) },
    responses: { 200: xml('Services') },
  }), async (c) => xmlAnswer(c, 'services', 'service', await listServices(c)));

  router.openapi(createRoute({
    method: 'get', path: '/services/{file}', tags, summary: 'A service definition (file: {service_code}.json or .xml)', request: { params: fileParameter },
    responses: { 200: { content: { 'application/json': { schema: open311ServiceDefinitionSchema }, 'application/xml': { schema: z.string() } }, description: 'The definition' }, 404: errors[404] },
  }), async (c) => {
    const parsed = splitFormat(c.req.param('file'));
    if (!parsed) throw notFound('service', c.req.param('file'));
    const [code, format] = parsed;
    const row = (await loadServices()).find((service) => service.code === code);
    if (!row) throw notFound('service', code);
    const definition = { service_code: row.code, attributes: [] as unknown[] };
    return format === 'xml'
      ? c.body(toXml('service_definition', 'attribute', [definition]).replace(/<service_definition><attribute>(.*)<\/attribute><\/service_definition>/s, '<service_definition>$1</service_definition>'), 200, { 'Content-Type': 'application/xml; charset=utf-8' })
      : c.json(definition, 200);
  });

  const listRequests = async (c: Context<AppEnv>) => {
    const query = c.req.query();
    const problems: FieldProblem[] = [];
    const timeZone = await timeZoneOf();
    const date = (name: 'start_date' | 'end_date') => {
      const text = query[name];
      if (text === undefined || text === '') return undefined;
      const parsed = parseOpen311Date(text, timeZone);
      if (!parsed) problems.push(problem(name, 'not_a_w3c_datetime', {}));
      return parsed;
    };
    const startDate = date('start_date');
    const endDate = date('end_date');
    const statuses = query.status ? query.status.split(',').map((part) => part.trim().toLowerCase()) : [];
    if (statuses.some((status) => status !== 'open' && status !== 'closed')) problems.push(problem('status', 'open_or_closed', {}));
    if (startDate && endDate && startDate > endDate) problems.push(problem('start_date', 'after_end_date', {}));
    if (problems.length > 0) throw invalidRequest(problems);
    const defaultDays = await readPolicyNumber(sql, 'open311_default_days', 90);
    const limit = await readPolicyNumber(sql, 'open311_max_results', 1000);
    const to = endDate ?? clock();
    const from = startDate ?? new Date(to.getTime() - defaultDays * 86_400_000);
    const ids = query.service_request_id?.split(',').map((id) => id.trim().toUpperCase()).filter(Boolean).slice(0, limit);
    const codes = query.service_code?.split(',').map((code) => code.trim()).filter(Boolean);
    const rows = await listPublicReports(sql, {
      ...(ids && ids.length > 0 ? { trackingCodes: ids } : {}),
      ...(codes && codes.length > 0 ? { categoryCodes: codes } : {}),
      ...(statuses.length === 1 ? { status: statuses[0] as 'open' | 'closed' } : {}),
      from, to: new Date(to.getTime() + 1), limit,
    });
    const en = english(c);
    const policy = await readPublicExposurePolicy(sql);
    return rows.map((row) => requestView(row, timeZone, en, policy));
  };
  router.openapi(createRoute({
    method: 'get', path: '/requests.json', tags, summary: 'Public requests (cases), newest first; hidden ones are never listed', request: { query: requestsQuery },
    responses: { 200: { content: { 'application/json': { schema: open311RequestListSchema } }, description: 'Requests' }, 400: errors[400] },
  }), async (c) => c.json(await listRequests(c), 200));
  router.openapi(createRoute({
    method: 'get', path: '/requests.xml', tags, summary: 'Public requests, as the spec\'s XML', request: { query: requestsQuery },
    responses: { 200: xml('Requests'), 400: errors[400] },
  }), async (c) => xmlAnswer(c, 'service_requests', 'request', await listRequests(c)));

  router.openapi(createRoute({
    method: 'get', path: '/requests/{file}', tags, summary: 'One request (file: {service_request_id}.json or .xml)', request: { params: fileParameter, query: z.object({ locale: localeQuery }) },
    responses: { 200: { content: { 'application/json': { schema: open311RequestListSchema }, 'application/xml': { schema: z.string() } }, description: 'The request, as a list of one' }, 404: errors[404] },
  }), async (c) => {
    const parsed = splitFormat(c.req.param('file'));
    if (!parsed) throw notFound('service_request', c.req.param('file'));
    const [id, format] = parsed;
    const [row] = await listPublicReports(sql, { trackingCodes: [id.toUpperCase()], from: new Date(0), to: new Date(8.64e15), limit: 1 });
    if (!row) throw notFound('service_request', id);
    return answer(c, format, 'service_requests', 'request', [requestView(row, await timeZoneOf(), english(c), await readPublicExposurePolicy(sql))]);
  });

  // requests are created synchronously, so a token is the request id itself
  router.openapi(createRoute({
    method: 'get', path: '/tokens/{file}', tags, summary: 'The request a token stands for (file: {token}.json or .xml)', request: { params: fileParameter },
    responses: { 200: { content: { 'application/json': { schema: open311TokenListSchema }, 'application/xml': { schema: z.string() } }, description: 'The request id' }, 404: errors[404] },
  }), async (c) => {
    const parsed = splitFormat(c.req.param('file'));
    if (!parsed) throw notFound('token', c.req.param('file'));
    const [token, format] = parsed;
    const [row] = await sql<{ trackingCode: string }[]>`
      select tracking_code from incidents where tracking_code = ${token.toUpperCase()} and not hidden_from_public`;
    if (!row) throw notFound('token', token);
    return answer(c, format, 'service_requests', 'request', [{ service_request_id: row.trackingCode, token: row.trackingCode }]);
  });

  const createRequest = async (c: Context<AppEnv>) => {
    const fields = await readFields(c);
    const key = fields.api_key ?? c.req.query('api_key') ?? '';
    const client = key ? await verifyApiKey(sql, key, 'open311_submit') : null;
    // GeoReport v2 answers 403 for a missing or invalid key alike
    if (!client) throw key ? new Failure('api_key_invalid', { scope: 'open311_submit' }) : new Failure('open311_api_key_required', {});
    await enforceLimit(context.limiters.open311PerKey, `key:${client.id}`);

    const problems: FieldProblem[] = [];
    const services = await loadServices();
    const serviceCode = fields.service_code?.trim() ?? '';
    if (!serviceCode) problems.push(problem('service_code', 'required', {}));
    else if (!services.some((service) => service.code === serviceCode)) problems.push(problem('service_code', 'unknown_category', { code: serviceCode }));
    if (!fields.description?.trim()) problems.push(problem('description', 'required', {}));
    // plain decimals only: '0x10' is not 16 degrees, and NaN stays a refusal (strict-values.ts)
    let longitude = fields.long !== undefined && fields.long !== '' ? (parseDecimal(fields.long) ?? Number.NaN) : undefined;
    let latitude = fields.lat !== undefined && fields.lat !== '' ? (parseDecimal(fields.lat) ?? Number.NaN) : undefined;
    if ((longitude !== undefined && !Number.isFinite(longitude)) || (latitude !== undefined && !Number.isFinite(latitude))
      || (longitude !== undefined && Math.abs(longitude) > 180) || (latitude !== undefined && Math.abs(latitude) > 90)) {
      problems.push(problem('lat', 'not_wgs84_degrees', {}));
    } else if ((longitude === undefined) !== (latitude === undefined)) {
      problems.push(problem(longitude === undefined ? 'long' : 'lat', 'lat_and_long_together', {}));
    } else if (longitude === undefined) {
      // GeoReport allows an address instead of a point: look it up in our own building addresses
      const addressText = fields.address_string?.trim() ?? '';
      const [hit] = addressText ? await searchBuildingAddresses(sql, normaliseAddressQuery(addressText), 1) : [];
      if (!addressText) problems.push(problem('lat', 'location_required', {}));
      else if (!hit || hit.score < 0.3) problems.push(problem('address_string', 'address_not_found', { address: addressText.slice(0, 100) }));
      else {
        longitude = hit.longitude;
        latitude = hit.latitude;
      }
    }
    if (problems.length > 0) throw invalidRequest(problems);

    const contactName = [fields.last_name, fields.first_name].map((part) => part?.trim()).filter(Boolean).join('') || undefined;
    const submitted = await submitResidentReport(
      sql,
      {
        categoryCode: serviceCode, description: fields.description!, longitude: longitude!, latitude: latitude!,
        address: fields.address_string?.slice(0, 200), contactName: contactName?.slice(0, 50),
        contactPhone: fields.phone && /^[0-9+\-() ]{3,30}$/.test(fields.phone.trim()) ? fields.phone : undefined,
      },
      { now: clock(), channel: 'open311', apiKeyId: client.id, viewer: c.get('viewer'), clientAddress: c.get('clientAddress'), dataKey: context.dataKey },
    );
    await publishIncidentEvents(sql, context.liveEvents, 'incident.created', [submitted.id]);
    return [{
      service_request_id: submitted.trackingCode,
      service_notice: english(c) ? 'Received: follow it with this id' : '已受理，请凭编号查询进度',
      account_id: null,
    }];
  };
  const submission = {
    tags,
    description: 'Form fields (application/x-www-form-urlencoded or multipart) or JSON: api_key (scope open311_submit), service_code, description, '
      + 'lat and long or address_string, first_name, last_name, phone. Refused without a valid key (401/403).',
  };
  router.openapi(createRoute({
    method: 'post', path: '/requests.json', summary: 'Submit a request', ...submission,
    responses: {
      201: { content: { 'application/json': { schema: open311CreatedListSchema } }, description: 'The new request id, as a list of one' },
      400: errors[400],
      401: { content: { 'application/json': { schema: open311ErrorListSchema } }, description: 'api_key_required' },
      403: { content: { 'application/json': { schema: open311ErrorListSchema } }, description: 'api_key_invalid' },
    },
  }), async (c) => c.json(await createRequest(c), 201));
  router.openapi(createRoute({
    method: 'post', path: '/requests.xml', summary: 'Submit a request, answered in the spec\'s XML', ...submission,
    responses: { 201: xml('The new request id'), 400: errors[400] },
  }), async (c) => xmlAnswer(c, 'service_requests', 'request', await createRequest(c), 201));

  return router;
}

/** GeoReport posts form fields (application/x-www-form-urlencoded or multipart); JSON is accepted too. */
async function readFields(c: Context<AppEnv>): Promise<Record<string, string | undefined>> {
  const contentType = c.req.header('content-type') ?? '';
  const fields: Record<string, string | undefined> = {};
  if (contentType.includes('application/json')) {
    const body = (await c.req.json().catch(() => {
      throw invalidRequest([problem('body', 'not_json', {})]);
    })) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [key, value] of Object.entries(body)) if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
    }
    return fields;
  }
  if (contentType.includes('application/x-www-form-urlencoded') || contentType.includes('multipart/form-data')) {
    const form = await c.req.parseBody();
    for (const [key, value] of Object.entries(form)) if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}
