import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../server/db/connect.ts';
import {
  IncidentPointsEncoder,
  bytesPerIncidentPoint,
  decodeIncidentPoints,
  incidentPointPositions,
  incidentPointsHeaderBytes,
} from '../../contract/incident-points-codec.ts';
import { previousPeriod, sameTimeLastYear } from '../../server/analytics/kpi-periods.ts';
import { computeKpis, listHotspotGrids } from '../../server/analytics/kpis.repo.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

describe('incident points codec', () => {
  it('round-trips any points inside the box to within half a quantum, with exact minutes and classes', () => {
    fc.assert(
      fc.property(
        fc.record({
          minLongitude: fc.double({ min: 73, max: 134, noNaN: true }),
          minLatitude: fc.double({ min: 18, max: 53, noNaN: true }),
          width: fc.double({ min: 0.001, max: 1, noNaN: true }),
          height: fc.double({ min: 0.001, max: 1, noNaN: true }),
        }),
        fc.array(
          fc.record({
            u: fc.double({ min: 0, max: 1, noNaN: true }),
            v: fc.double({ min: 0, max: 1, noNaN: true }),
            minutes: fc.integer({ min: 0, max: 0xffffffff }),
            major: fc.integer({ min: 0, max: 255 }),
          }),
          { maxLength: 300 },
        ),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        (box, points, fromMilliseconds) => {
          const bounds = {
            minLongitude: box.minLongitude, minLatitude: box.minLatitude,
            maxLongitude: box.minLongitude + box.width, maxLatitude: box.minLatitude + box.height,
          };
          const encoder = new IncidentPointsEncoder(bounds, new Date(fromMilliseconds), 1); // start tiny: exercises growth
          const coordinates = points.map((point) => [box.minLongitude + point.u * box.width, box.minLatitude + point.v * box.height] as const);
          points.forEach((point, index) => encoder.add(coordinates[index]![0], coordinates[index]![1], point.minutes, point.major));
          const buffer = encoder.finish({ truncated: points.length % 2 === 1 });
          expect(buffer.byteLength).toBe(incidentPointsHeaderBytes + bytesPerIncidentPoint * points.length);
          const decoded = decodeIncidentPoints(buffer);
          expect(decoded.count).toBe(points.length);
          expect(decoded.truncated).toBe(points.length % 2 === 1);
          expect(decoded.from.getTime()).toBe(fromMilliseconds);
          const positions = incidentPointPositions(decoded);
          points.forEach((point, index) => {
            expect(decoded.minutes[index]).toBe(point.minutes);
            expect(decoded.majorClasses[index]).toBe(point.major);
            expect(Math.abs(positions[2 * index]! - coordinates[index]![0])).toBeLessThanOrEqual(decoded.longitudeStep / 2 + 1e-9);
            expect(Math.abs(positions[2 * index + 1]! - coordinates[index]![1])).toBeLessThanOrEqual(decoded.latitudeStep / 2 + 1e-9);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('costs 9 bytes a point (≤ 12), 56 bytes of header, and rejects foreign buffers', () => {
    expect(bytesPerIncidentPoint).toBeLessThanOrEqual(12);
    const encoder = new IncidentPointsEncoder({ minLongitude: 117, minLatitude: 31, maxLongitude: 117.1, maxLatitude: 31.1 }, new Date(0));
    for (let index = 0; index < 1000; index++) encoder.add(117.05, 31.05, index, 1);
    expect(encoder.finish().byteLength).toBe(56 + 9 * 1000);
    expect(() => decodeIncidentPoints(new ArrayBuffer(10))).toThrow(/header/);
    expect(() => decodeIncidentPoints(new ArrayBuffer(64))).toThrow(/magic/);
  });
});

describe('periods for comparisons', () => {
  it('takes the same length before (环比) and the same dates a year earlier in UTC+8 (同比)', () => {
    const march = { from: new Date('2026-03-01T00:00:00+08:00'), to: new Date('2026-04-01T00:00:00+08:00') };
    expect(previousPeriod(march)).toEqual({ from: new Date('2026-01-29T00:00:00+08:00'), to: march.from });
    expect(sameTimeLastYear(march, 'Asia/Shanghai')).toEqual({ from: new Date('2025-03-01T00:00:00+08:00'), to: new Date('2025-04-01T00:00:00+08:00') });
    const leapDay = new Date('2028-02-29T00:00:00+08:00');
    expect(sameTimeLastYear({ from: leapDay, to: new Date('2028-03-01T00:00:00+08:00') }, 'Asia/Shanghai').from).toEqual(new Date('2027-02-28T00:00:00+08:00'));
  });
});

/**
 * The hand-computed fixture. Period: March 2026 in UTC+8. Grid 1 (worker W) and grid 2.
 *   A grid1 W 0102: reported 03-02 10:00, registered 11:00, dispatched 11:30, handled 15:30, due 03-03 12:00, closed 03-03 10:00
 *   B grid1 W 0102: reported 03-05 09:00, registered 09:30, dispatched 10:00, due 14:00, handled 18:00 (late), closed 03-06 10:00 (late);
 *                   two failed checks (rework events 03-05 15:00 and 17:00)
 *   C grid2 — 0401: reported 03-10 08:00, registered 08:30, dispatched 09:00, due 10:00, never handled (overdue)
 *   D grid1 W 0401: reported 02-27 10:00, registered 02-27 11:00 (February), dispatched 03-01 09:00, handled 12:00, due 03-02 09:00, closed 03-01 16:00
 *   E grid1 — 0102: reported 03-20 10:00, rejected
 *   F grid2 — 0102: reported 04-02 10:00 (after the period)
 *   G grid1 W 0102: reported 2025-03-15 10:00, closed 2025-03-16 10:00 (same period last year)
 */
const march = { from: new Date('2026-03-01T00:00:00+08:00'), to: new Date('2026-04-01T00:00:00+08:00') };
const now = new Date('2026-05-01T00:00:00+08:00');

async function insertIncident(
  sql: Queryable,
  fields: { code: string; category: string; gridId: number; communityId: number; workerId: number | null; status: string; longitude: number; latitude: number } & Record<
    'reported' | 'registered' | 'dispatched' | 'handled' | 'due' | 'closed',
    string | null
  >,
): Promise<number> {
  const at = (text: string | null) => (text ? new Date(`${text}+08:00`) : null);
  const [row] = await sql`
    insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, assigned_worker_id,
                           reported_at, registered_at, dispatched_at, handled_at, due_at, closed_at)
    values (${fields.code}, ${fields.category}, 'patrol', ${fields.status}, '测试', ST_SetSRID(ST_MakePoint(${fields.longitude}, ${fields.latitude}), 4326),
            ${fields.gridId}, ${fields.communityId}, ${fields.workerId}, ${at(fields.reported)}, ${at(fields.registered)}, ${at(fields.dispatched)},
            ${at(fields.handled)}, ${at(fields.due)}, ${at(fields.closed)})
    returning id`;
  return row!.id;
}

describe(`KPIs, densities and points on a hand-computed fixture (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let grid1: number;
  let grid2: number;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [118.0, 32.0]);
    [grid1, grid2] = world.territory.gridIds as [number, number];
    const sql = database.sql;
    const communityId = world.territory.communityId;
    const W = world.workerId;
    const base = { communityId, longitude: 118.005, latitude: 32.005 };
    const inGrid2 = { longitude: 118.015, latitude: 32.005 };
    await insertIncident(sql, { ...base, code: 'T-A', category: '0102', gridId: grid1, workerId: W, status: 'closed',
      reported: '2026-03-02T10:00', registered: '2026-03-02T11:00', dispatched: '2026-03-02T11:30', handled: '2026-03-02T15:30', due: '2026-03-03T12:00', closed: '2026-03-03T10:00' });
    const b = await insertIncident(sql, { ...base, code: 'T-B', category: '0102', gridId: grid1, workerId: W, status: 'closed',
      reported: '2026-03-05T09:00', registered: '2026-03-05T09:30', dispatched: '2026-03-05T10:00', handled: '2026-03-05T18:00', due: '2026-03-05T14:00', closed: '2026-03-06T10:00' });
    await sql`insert into incident_events (incident_id, at, from_status, to_status, action) values
      (${b}, ${new Date('2026-03-05T15:00:00+08:00')}, 'handled', 'rework', 'fail_check'),
      (${b}, ${new Date('2026-03-05T17:00:00+08:00')}, 'handled', 'rework', 'fail_check'),
      (${b}, ${new Date('2026-03-06T10:00:00+08:00')}, 'checked', 'closed', 'close')`;
    await insertIncident(sql, { ...base, ...inGrid2, code: 'T-C', category: '0401', gridId: grid2, workerId: null, status: 'dispatched',
      reported: '2026-03-10T08:00', registered: '2026-03-10T08:30', dispatched: '2026-03-10T09:00', handled: null, due: '2026-03-10T10:00', closed: null });
    await insertIncident(sql, { ...base, code: 'T-D', category: '0401', gridId: grid1, workerId: W, status: 'closed',
      reported: '2026-02-27T10:00', registered: '2026-02-27T11:00', dispatched: '2026-03-01T09:00', handled: '2026-03-01T12:00', due: '2026-03-02T09:00', closed: '2026-03-01T16:00' });
    await insertIncident(sql, { ...base, code: 'T-E', category: '0102', gridId: grid1, workerId: null, status: 'rejected',
      reported: '2026-03-20T10:00', registered: null, dispatched: null, handled: null, due: null, closed: null });
    await insertIncident(sql, { ...base, ...inGrid2, code: 'T-F', category: '0102', gridId: grid2, workerId: null, status: 'reported',
      reported: '2026-04-02T10:00', registered: null, dispatched: null, handled: null, due: null, closed: null });
    await insertIncident(sql, { ...base, code: 'T-G', category: '0102', gridId: grid1, workerId: W, status: 'closed',
      reported: '2025-03-15T10:00', registered: '2025-03-15T11:00', dispatched: '2025-03-15T11:30', handled: '2025-03-15T14:00', due: '2025-03-16T12:00', closed: '2025-03-16T10:00' });
  });
  afterAll(async () => {
    await database.close();
  });

  it('computes every KPI of the zone exactly', async () => {
    expect(await computeKpis(database.sql, march, now)).toEqual({
      reported: 4, // A B C E
      registered: 3, // A B C (D was registered in February)
      dispatched: 4, // A B C D
      handledOnTime: 2, // A D (B late, C never)
      overdue: 2, // B handled after its deadline, C never handled
      closed: 3, // A B D
      closedOnTime: 2, // A D
      onTimeClosureRate: 2 / 3,
      rework: 2, // B failed its check twice
      averageHandlingHours: 5, // A 4 h, B 8 h, D 3 h
      satisfactionRatings: 0, // nobody rated (test/residents/resident-reports.test.ts covers ratings)
      satisfactionRate: null,
    });
  });

  it('applies the category, worker and grid filters', async () => {
    expect(await computeKpis(database.sql, { ...march, category: '04' }, now)).toMatchObject({
      reported: 1, registered: 1, dispatched: 2, handledOnTime: 1, overdue: 1, closed: 1, onTimeClosureRate: 1, rework: 0, averageHandlingHours: 3,
    });
    expect(await computeKpis(database.sql, { ...march, workerId: world.workerId }, now)).toMatchObject({
      reported: 2, dispatched: 3, overdue: 1, closed: 3, rework: 2, averageHandlingHours: 5,
    });
    expect(await computeKpis(database.sql, { ...march, gridId: grid2 }, now)).toMatchObject({
      reported: 1, registered: 1, dispatched: 1, overdue: 1, closed: 0, onTimeClosureRate: null, averageHandlingHours: null,
    });
    // a deadline still ahead of `now` has not been missed
    expect((await computeKpis(database.sql, march, new Date('2026-03-05T12:00:00+08:00'))).overdue).toBe(0);
    expect(await listHotspotGrids(database.sql, march, 5)).toEqual([
      expect.objectContaining({ gridId: grid1, reported: 3 }),
      expect.objectContaining({ gridId: grid2, reported: 1 }),
    ]);
  });

  it('answers GET /api/analytics/kpis with month-on-month and year-on-year, and exports an audited workbook', async () => {
    const headers = await sessionFor(database.sql, world.users.dispatcher);
    const query = 'from=2026-03-01&to=2026-04-01';
    const { status, body } = await getJson(app, `/api/analytics/kpis?${query}`, { headers });
    expect(status).toBe(200);
    expect(body.previousPeriod).toEqual({ from: '2026-01-28T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' });
    const reported = body.kpis.find((kpi: any) => kpi.name === 'reported');
    expect(reported).toEqual({ name: 'reported', value: 4, previous: 1, lastYear: 1, monthOnMonth: 3, yearOnYear: 3 });
    const closed = body.kpis.find((kpi: any) => kpi.name === 'closed');
    expect(closed).toMatchObject({ value: 3, previous: 0, lastYear: 1, monthOnMonth: null, yearOnYear: 2 });
    expect(body.hotspots[0]).toMatchObject({ gridId: grid1, reported: 3 });

    // a worker's figures are their own cases, whatever they ask for
    const asWorker = await getJson(app, `/api/analytics/kpis?${query}&gridId=${grid2}`, { headers: await sessionFor(database.sql, world.users.worker) });
    expect(asWorker.body.values.reported).toBe(0);
    const own = await getJson(app, `/api/analytics/kpis?${query}`, { headers: await sessionFor(database.sql, world.users.worker) });
    expect(own.body.values.reported).toBe(2);

    const bad = await getJson(app, '/api/analytics/kpis?from=2026-04-01&to=2026-03-01', { headers });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('to');

    const response = await app.request(`/api/analytics/kpis/export.xlsx?${query}`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['指标', '热点网格']);
    const sheet = workbook.getWorksheet('指标')!;
    expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(['上报数', 4, 1]));
    const labels = sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[])[1]);
    expect(labels).toEqual(expect.arrayContaining(['本期', '上期', '去年同期', '范围', '导出']));
    expect(labels.filter((value) => typeof value === 'string').join()).not.toMatch(/[A-Za-z]/);
    const filtered = new ExcelJS.Workbook();
    await filtered.xlsx.load(await (await app.request(`/api/analytics/kpis/export.xlsx?${query}&gridId=${grid2}&lang=en`, { headers })).arrayBuffer());
    const filterRow = filtered.getWorksheet('KPIs')!.getSheetValues().find((row) => row && (row as unknown[])[1] === 'Filter') as unknown[];
    expect(filterRow[2]).toMatch(/^grid \S+ /); // the grid's code and name, not its id as JSON
    expect(filtered.getWorksheet('KPIs')!.getRow(2).getCell(1).value).toBe('Reported');
    const [audit] = await database.sql`select role, details from audit_log where action = 'kpi.export' order by id desc limit 1`;
    expect(audit).toMatchObject({ role: 'dispatcher', details: { from: '2026-02-28T16:00:00.000Z' } });
    expect((await app.request(`/api/analytics/kpis/export.xlsx?${query}`, { headers: await sessionFor(database.sql, world.users.worker) })).status).toBe(403);
  });

  it('serves the points as typed arrays, scoped to a worker\'s grid, and grid densities', async () => {
    const headers = await sessionFor(database.sql, world.users.dispatcher);
    const response = await app.request('/api/analytics/incident-points?from=2026-03-01&to=2026-04-01', { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    const buffer = await response.arrayBuffer();
    const points = decodeIncidentPoints(buffer);
    expect(points.count).toBe(4);
    expect(buffer.byteLength).toBe(56 + 9 * 4);
    // ordered by report time: A (03-02 10:00) is 1 day 10 hours after `from`
    expect(points.minutes[0]).toBe((24 + 10) * 60);
    expect([...points.majorClasses]).toEqual([1, 1, 4, 1]);
    const positions = incidentPointPositions(points);
    expect(Math.abs(positions[4]! - 118.015)).toBeLessThan(1e-6);

    const forWorker = decodeIncidentPoints(
      await (await app.request('/api/analytics/incident-points?from=2026-03-01&to=2026-04-01', { headers: await sessionFor(database.sql, world.users.worker) })).arrayBuffer(),
    );
    expect(forWorker.count).toBe(3); // A B E in grid 1; C is in grid 2
    const street = await getJson(app, '/api/analytics/incident-points?from=2026-03-01&to=2026-04-01&category=04&format=json', { headers });
    expect(street.body.points.map((point: any) => point.majorClass)).toEqual([4]);

    const densities = await getJson(app, '/api/analytics/grid-densities?from=2026-03-01&to=2026-04-01', { headers });
    const first = densities.body.grids.find((grid: any) => grid.gridId === grid1);
    expect(first).toMatchObject({ incidents: 3, households: 1, incidentsPerHundredHouseholds: 300 });
    expect(first.areaSquareKilometres).toBeGreaterThan(0.9);
    expect(first.areaSquareKilometres).toBeLessThan(1.1);
    expect(first.incidentsPerSquareKilometre).toBeCloseTo(3 / first.areaSquareKilometres, 1);
  });
});
