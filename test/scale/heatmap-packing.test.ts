import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeIncidentPoints, incidentPointPositions } from '../../contract/incident-points-codec.ts';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/**
 * Issue 21: the heatmap's points are quantised and packed by the database (one bytea) instead of
 * streamed row by row. The binary answer must say what the JSON answer (still row by row) says.
 */
describe(`heatmap points packed in SQL (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    const [dispatcher] = (await database.sql`select id from users where username = 'dispatcher'`) as unknown as [{ id: number }];
    headers = await sessionFor(database.sql, dispatcher.id);
  });
  afterAll(async () => {
    await database.close();
  });

  it('decodes to the same points, in the same order, as the JSON answer', { timeout: 120_000 }, async () => {
    const query = 'from=2026-01-01&to=2026-06-01';
    const binary = await app.request(`/api/analytics/incident-points?${query}`, { headers });
    expect(binary.status).toBe(200);
    const buffer = await binary.arrayBuffer();
    const points = decodeIncidentPoints(buffer);
    expect(Number(binary.headers.get('x-point-count'))).toBe(points.count);
    const json = await app.request(`/api/analytics/incident-points?${query}&format=json`, { headers });
    const expected = (await json.json()) as { count: number; points: { longitude: number; latitude: number; minutes: number; majorClass: number }[] };
    expect(points.count).toBe(expected.count);
    expect(points.count).toBeGreaterThan(1000);
    const positions = incidentPointPositions(points);
    // reports at the same instant may come in either order in the JSON answer: compare as sorted tuples
    const key = (minutes: number, major: number, longitude: number, latitude: number) =>
      `${String(minutes).padStart(9, '0')} ${major} ${Math.round(longitude / points.longitudeStep)} ${Math.round(latitude / points.latitudeStep)}`;
    const decoded = Array.from({ length: points.count }, (_, index) =>
      key(points.minutes[index]!, points.majorClasses[index]!, positions[2 * index]! - points.originLongitude, positions[2 * index + 1]! - points.originLatitude));
    const fromJson = expected.points.map((point) =>
      key(point.minutes, point.majorClass, point.longitude - points.originLongitude, point.latitude - points.originLatitude));
    expect(decoded.sort()).toEqual(fromJson.sort());
    for (let index = 1; index < points.count; index++) expect(points.minutes[index]!).toBeGreaterThanOrEqual(points.minutes[index - 1]!);

    // a closed period is answered again from memory, byte for byte, until an incident is added
    const again = await app.request(`/api/analytics/incident-points?${query}`, { headers });
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(new Uint8Array(buffer));
    await database.sql`
      insert into incidents (tracking_code, category_code, source, status, description, location, reported_at)
      select 'SCALE-TEST-1', category_code, source, status, description, location, reported_at from incidents
       where reported_at >= '2026-01-01' and reported_at < '2026-06-01' order by id limit 1`;
    const afterInsert = decodeIncidentPoints(await (await app.request(`/api/analytics/incident-points?${query}`, { headers })).arrayBuffer());
    expect(afterInsert.count).toBe(points.count + 1);
  });
});
