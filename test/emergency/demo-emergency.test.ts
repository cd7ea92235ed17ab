import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** The demo zone's emergency data (server/demo/demo-emergency.ts) shows what the coverage check and activation are for. */
describe(`demo emergency management (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    const [dispatcher] = await database.sql<{ id: number }[]>`select id from users where role = 'dispatcher' order by id limit 1`;
    headers = { ...(await sessionFor(database.sql, dispatcher!.id)), 'Content-Type': 'application/json' };
  });
  afterAll(async () => {
    await database.close();
  });

  it('has plans at three levels, with gaps the coverage check finds', async () => {
    const { body } = await getJson(app, '/api/emergency-plans', { headers });
    const levels = new Set(body.plans.map((plan: any) => plan.level));
    expect([...levels].sort()).toEqual(['community', 'site', 'street']);
    const coverage = (await getJson(app, '/api/emergency-plans/coverage', { headers })).body;
    expect(coverage.uncoveredRiskSources.length).toBeGreaterThan(0);
    expect(coverage.uncoveredRiskSources.every((source: any) => source.level <= 2)).toBe(true);
    expect(coverage.reviewOverdue.length).toBeGreaterThanOrEqual(1);
    expect(coverage.withoutRecentDrill.length).toBeGreaterThanOrEqual(1);
  });

  it('has a leading group, rescue teams with resident volunteers and duty rooms at the resettlement gates', async () => {
    const { body } = await getJson(app, '/api/emergency-teams', { headers });
    const kinds = body.teams.map((team: any) => team.kind);
    expect(kinds).toContain('leading_group');
    expect(kinds.filter((kind: string) => kind === 'rescue_team')).toHaveLength(3);
    expect(kinds.filter((kind: string) => kind === 'duty_room').length).toBeGreaterThanOrEqual(3);
    expect(body.teams.some((team: any) => team.members.some((member: any) => member.isResident))).toBe(true);
    const [shifts] = await database.sql<{ n: number }[]>`select count(*)::int as n from emergency_duty_shifts`;
    expect(shifts!.n).toBeGreaterThan(0);
  });

  it('activates a site plan at a 重大 gas station and finds households around it', async () => {
    const [station] = await database.sql<{ id: number; longitude: number; latitude: number }[]>`
      select r.id, ST_X(ST_PointOnSurface(r.geometry)) as longitude, ST_Y(ST_PointOnSurface(r.geometry)) as latitude
        from risk_sources r join emergency_plan_risk_sources c on c.risk_source_id = r.id
       where r.level = 1 order by r.id limit 1`;
    expect(station).toBeDefined();
    const activated = await getJson(app, '/api/emergencies', { method: 'POST', headers, body: JSON.stringify({ point: [station!.longitude, station!.latitude], responseLevel: 'III', radiusMetres: 500 }) });
    expect(activated.status).toBe(201);
    expect(activated.body.planId).not.toBeNull();
    expect(activated.body.affectedHouseholds.households).toBeGreaterThanOrEqual(0);
  });
});
