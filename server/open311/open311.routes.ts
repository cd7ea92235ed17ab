import { Hono, type Context } from 'hono';
import type { AppContext } from '../app-context.ts';
import { verifyApiKey } from '../api-keys/api-keys.repo.ts';
import { defaultTimeZone } from '../calendar/calendar.repo.ts';
import type { AppEnv } from '../http/app-env.ts';
import { Failure, invalidRequest, notFound, type FieldProblem } from '../http/failure.ts';
import { publishIncidentEvents } from '../incidents/incident-live-events.ts';
import { readPolicyNumber } from '../incidents/incident-loop.repo.ts';
import { normaliseAddressQuery } from '../residents/address-query.ts';
import { publicStatusOf, statusNoteOf } from '../residents/public-report-view.ts';
import { residentCategories } from '../residents/resident-categories.ts';
import { listPublicReports, type PublicReportRow } from '../residents/resident-reports.repo.ts';
import { searchBuildingAddresses } from '../residents/residents.repo.ts';
import { submitResidentReport } from '../residents/resident-submission.ts';
import { isoWithOffset, parseOpen311Date, toXml } from './open311-format.ts';
import { enforceLimit } from '../residents/resident-reports.routes.ts';

type Format = 'json' | 'xml';

/** "requests.json" → ['requests', 'json']; an unknown extension is no route. */
function splitFormat(file: string): [string, Format] | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  return match ? [match[1]!, match[2] as Format] : undefined;
}

function answer(c: Context<AppEnv>, format: Format, root: string, item: string, items: unknown[], status: 200 | 201 = 200) {
  if (format === 'xml') return c.body(toXml(root, item, items), status, { 'Content-Type': 'application/xml; charset=utf-8' });
  return c.json(items, status);
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

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2, outside /api: its
 * own wire format (snake_case, lists, {code, description} errors) for other city systems. Services
 * are the minor classes of the category tree; requests are incidents the public may see. Reading is
 * open; submitting needs an API key with scope open311_submit. Plain Hono handlers, because the
 * shapes are fixed by the spec rather than by our OpenAPI document.
 */
export function createOpen311Routes(context: AppContext, options: { clock?: () => Date } = {}) {
  const router = new Hono<AppEnv>();
  const { sql } = context.database;
  const clock = options.clock ?? (() => new Date());

  const timeZoneOf = async () => {
    const [zone] = await sql<{ timeZone: string | null }[]>`select value #>> '{}' as time_zone from policy where key = 'zone_time_zone'`;
    return zone?.timeZone || defaultTimeZone;
  };
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
    type: 'realtime',
    keywords: residentCategories.filter((category) => category.categoryCode === row.code).map((category) => (en ? category.nameEn : category.nameZh)).join(','),
    group: en ? row.majorNameEn : row.majorNameZh,
  });

  const requestView = (row: PublicReportRow, timeZone: string, en: boolean) => ({
    service_request_id: row.trackingCode,
    status: publicStatusOf(row.status),
    status_notes: statusNoteOf(row, en ? 'en' : 'zh'),
    service_name: en ? row.categoryNameEn : row.categoryNameZh,
    service_code: row.categoryCode,
    description: row.description,
    agency_responsible: row.department ?? (row.communityName ? `${row.communityName}${en ? ' residents\' committee' : '社区居委会'}` : null),
    service_notice: null,
    requested_datetime: isoWithOffset(row.reportedAt, timeZone),
    updated_datetime: isoWithOffset(row.updatedAt, timeZone),
    expected_datetime: row.dueAt ? isoWithOffset(row.dueAt, timeZone) : null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.latitude,
    long: row.longitude,
    media_url: null,
  });

  router.get('/discovery.json', (c) => {
    const base = new URL(c.req.url);
    return c.json({
      changeset: '2026-11-29T00:00:00+08:00',
      contact: 'GridAtlas command centre (demo data)',
      key_service: 'API keys are issued by a GridAtlas administrator (scope open311_submit)',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${base.origin}/open311/v2`, changeset: '2026-11-29T00:00:00+08:00', type: 'production', formats: ['application/json', 'text/xml'] }],
    }, 200);
  });

  const listServices = async (c: Context<AppEnv>, format: Format) => {
    const en = english(c);
    return answer(c, format, 'services', 'service', (await loadServices()).map((row) => serviceView(row, en)));
  };
  router.get('/services.json', (c) => listServices(c, 'json'));
  router.get('/services.xml', (c) => listServices(c, 'xml'));

  router.get('/services/:file', async (c) => {
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

  const listRequests = async (c: Context<AppEnv>, format: Format) => {
    const query = c.req.query();
    const problems: FieldProblem[] = [];
    const date = (name: 'start_date' | 'end_date') => {
      const text = query[name];
      if (text === undefined || text === '') return undefined;
      const parsed = parseOpen311Date(text);
      if (!parsed) problems.push({ field: name, message: `${name} must be a W3C date-time with a zone, e.g. 2026-06-01T00:00:00+08:00` });
      return parsed;
    };
    const startDate = date('start_date');
    const endDate = date('end_date');
    const statuses = query.status ? query.status.split(',').map((part) => part.trim().toLowerCase()) : [];
    if (statuses.some((status) => status !== 'open' && status !== 'closed')) problems.push({ field: 'status', message: 'status is open or closed' });
    if (startDate && endDate && startDate > endDate) problems.push({ field: 'start_date', message: 'start_date is after end_date' });
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
    const timeZone = await timeZoneOf();
    const en = english(c);
    return answer(c, format, 'service_requests', 'request', rows.map((row) => requestView(row, timeZone, en)));
  };
  router.get('/requests.json', (c) => listRequests(c, 'json'));
  router.get('/requests.xml', (c) => listRequests(c, 'xml'));

  router.get('/requests/:file', async (c) => {
    const parsed = splitFormat(c.req.param('file'));
    if (!parsed) throw notFound('service_request', c.req.param('file'));
    const [id, format] = parsed;
    const [row] = await listPublicReports(sql, { trackingCodes: [id.toUpperCase()], from: new Date(0), to: new Date(8.64e15), limit: 1 });
    if (!row) throw notFound('service_request', id);
    return answer(c, format, 'service_requests', 'request', [requestView(row, await timeZoneOf(), english(c))]);
  });

  // requests are created synchronously, so a token is the request id itself
  router.get('/tokens/:file', async (c) => {
    const parsed = splitFormat(c.req.param('file'));
    if (!parsed) throw notFound('token', c.req.param('file'));
    const [token, format] = parsed;
    const [row] = await sql<{ trackingCode: string }[]>`
      select tracking_code from incidents where tracking_code = ${token.toUpperCase()} and not hidden_from_public`;
    if (!row) throw notFound('token', token);
    return answer(c, format, 'service_requests', 'request', [{ service_request_id: row.trackingCode, token: row.trackingCode }]);
  });

  const createRequest = async (c: Context<AppEnv>, format: Format) => {
    const fields = await readFields(c);
    const key = fields.api_key ?? c.req.query('api_key') ?? '';
    const client = key ? await verifyApiKey(sql, key, 'open311_submit') : null;
    if (!client) throw new Failure('forbidden', key ? 'Invalid or revoked api_key' : 'api_key is required to submit a request');
    enforceLimit(c, context.limiters.open311PerKey, `key:${client.id}`, 'requests');

    const problems: FieldProblem[] = [];
    const services = await loadServices();
    const serviceCode = fields.service_code?.trim() ?? '';
    if (!serviceCode) problems.push({ field: 'service_code', message: 'service_code is required' });
    else if (!services.some((service) => service.code === serviceCode)) problems.push({ field: 'service_code', message: `unknown service_code ${serviceCode}` });
    if (!fields.description?.trim()) problems.push({ field: 'description', message: 'description is required' });
    let longitude = fields.long !== undefined && fields.long !== '' ? Number(fields.long) : undefined;
    let latitude = fields.lat !== undefined && fields.lat !== '' ? Number(fields.lat) : undefined;
    if ((longitude !== undefined && !Number.isFinite(longitude)) || (latitude !== undefined && !Number.isFinite(latitude))
      || (longitude !== undefined && Math.abs(longitude) > 180) || (latitude !== undefined && Math.abs(latitude) > 90)) {
      problems.push({ field: 'lat', message: 'lat and long must be WGS84 decimal degrees' });
    } else if ((longitude === undefined) !== (latitude === undefined)) {
      problems.push({ field: longitude === undefined ? 'long' : 'lat', message: 'send both lat and long' });
    } else if (longitude === undefined) {
      // GeoReport allows an address instead of a point: look it up in our own building addresses
      const addressText = fields.address_string?.trim() ?? '';
      const [hit] = addressText ? await searchBuildingAddresses(sql, normaliseAddressQuery(addressText), 1) : [];
      if (!addressText) problems.push({ field: 'lat', message: 'a location is required: lat and long, or address_string' });
      else if (!hit || hit.score < 0.3) problems.push({ field: 'address_string', message: `no building matches "${addressText}"; send lat and long` });
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
      { now: clock(), channel: 'open311', apiKeyId: client.id, viewer: c.get('viewer'), clientAddress: c.get('clientAddress') },
    );
    await publishIncidentEvents(sql, context.liveEvents, 'incident.created', [submitted.id]);
    return answer(c, format, 'service_requests', 'request', [{
      service_request_id: submitted.trackingCode,
      service_notice: '已受理，请凭编号查询进度 / Received: follow it with this id',
      account_id: null,
    }], 201);
  };
  router.post('/requests.json', (c) => createRequest(c, 'json'));
  router.post('/requests.xml', (c) => createRequest(c, 'xml'));

  return router;
}

/** GeoReport posts form fields (application/x-www-form-urlencoded or multipart); JSON is accepted too. */
async function readFields(c: Context<AppEnv>): Promise<Record<string, string | undefined>> {
  const contentType = c.req.header('content-type') ?? '';
  const fields: Record<string, string | undefined> = {};
  if (contentType.includes('application/json')) {
    const body = (await c.req.json().catch(() => {
      throw invalidRequest([{ field: 'body', message: 'the body is not valid JSON' }]);
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
