import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/**
 * Coverage is exact bookkeeping: cut a fresh back street at random points, hand some pieces to
 * people, let some of them leave — the unassigned length the coverage check reports is the street's
 * length minus what serving people hold, and a section overlapping another is always refused.
 */
describe(`back-street coverage properties (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let headers: Record<string, string>;
  let run = 0;
  let successfulCases = 0;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [118.0, 32.0]);
    headers = { ...(await sessionFor(database.sql, world.users.planner)), 'Content-Type': 'application/json' };
  });
  afterAll(async () => {
    await database.close();
  });

  const call = (method: string, path: string, body?: unknown) => getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  const scenario = fc.record({
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 6 }),
    held: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    leaves: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    overlapAt: fc.integer({ min: 0, max: 98 }),
  });

  it('reports street length minus what serving people hold, and refuses every overlap', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ cuts, held, leaves, overlapAt }) => {
        // a fresh horizontal lane in the first grid, its own latitude each run (lanes never touch)
        const [minLng, minLat, maxLng, maxLat] = world.territory.gridBoxes[0]!;
        const latitude = minLat + ((maxLat - minLat) * (run + 1)) / 60;
        run++;
        const street = await call('POST', '/api/back-streets', { name: `性质巷${run}`, geometry: { type: 'LineString', coordinates: [[minLng + 0.0005, latitude], [maxLng - 0.0005, latitude]] } });
        expect(street.status).toBe(201);
        const length: number = street.body.properties.lengthMetres;
        const points = [0, ...[...cuts].sort((a, b) => a - b).map((percent) => (length * percent) / 100), length];
        let servingMetres = 0;
        for (let index = 0; index + 1 < points.length; index++) {
          if (!held[index]) continue;
          const [person] = await database.sql<{ id: number }[]>`insert into duty_people (name, kind) values (${`队员${run}-${index}`}, 'station_member') returning id`;
          const created = await call('POST', `/api/back-streets/${street.body.id}/sections`, {
            name: `第${index + 1}段`, grade: 1 + (index % 3), fromMetres: points[index], toMetres: points[index + 1], responsiblePersonId: person!.id, post: '包干', duties: '保洁',
          });
          expect(created.status, JSON.stringify(created.body)).toBe(201);
          if (leaves[index]) {
            const left = await call('POST', `/api/duty-people/${person!.id}/leave`, { leftOn: '2000-01-01', acknowledgeGap: true });
            expect(left.status).toBe(200);
          } else {
            servingMetres += points[index + 1]! - points[index]!;
          }
        }
        // any stretch inside a held piece is refused
        const heldIndex = held.findIndex((value, index) => value && index + 1 < points.length);
        if (heldIndex >= 0) {
          const from = points[heldIndex]! + ((points[heldIndex + 1]! - points[heldIndex]!) * (overlapAt % 50)) / 100;
          const [person] = await database.sql<{ id: number }[]>`insert into duty_people (name, kind) values ('重叠者', 'other') returning id`;
          const overlap = await call('POST', `/api/back-streets/${street.body.id}/sections`, {
            name: '重叠段', grade: 2, fromMetres: from, toMetres: Math.min(length, from + 5), responsiblePersonId: person!.id, post: '包干', duties: '保洁',
          });
          expect(overlap.status).toBe(422);
          expect(overlap.body.error.code).toBe('section_overlap');
        }
        const coverage = (await call('GET', '/api/back-streets/coverage')).body;
        const mine = coverage.unassigned.features.filter((feature: any) => feature.properties.backStreetId === street.body.id);
        const unassigned = mine.reduce((sum: number, feature: any) => sum + feature.properties.lengthMetres, 0);
        expect(Math.abs(unassigned - (length - servingMetres))).toBeLessThan(0.2 * points.length);
        expect(coverage.doubleAssignedMetres).toBe(0);
        successfulCases++;
      }),
      { numRuns: 12, seed: 20261206, endOnFailure: true },
    );
    expect(successfulCases).toBeGreaterThanOrEqual(12);
  }, 240_000);
});
