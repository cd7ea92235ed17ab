import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentPointsExtent, listGridDensities } from '../../server/analytics/heatmap.repo.ts';
import { computeKpis } from '../../server/analytics/kpis.repo.ts';
import { openDatabase, type Database, type Queryable } from '../../server/db/connect.ts';
import { ensureIncidentPartitions } from '../../server/db/incident-partitions.ts';
import { defaultMigrationsDirectory, migrate } from '../../server/db/migrate.ts';
import { insertIncident } from '../../server/incidents/incident-loop.repo.ts';
import { databaseMode, openNewPostgresDatabase, openTestDatabase } from '../support/test-database.ts';

/**
 * Migration 0027: incidents by month of reported_at, incident_events by month of at, a DEFAULT
 * partition each, incident_keys holding the unique keys and receiving the five references. Both
 * databases get the same tables, so every test here runs on both.
 */

/** A new empty database (not from a template: the test migrates it step by step). */
async function openEmptyDatabase(): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-partitions-'));
    const database = await openDatabase({ dataDirectory: path.join(directory, 'db') });
    return {
      ...database,
      async close() {
        await database.close();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  return openNewPostgresDatabase(databaseUrl);
}

/** The migrations up to and including `level`, in a folder of their own. */
function migrationsUpTo(level: number): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-migrations-'));
  for (const name of fs.readdirSync(defaultMigrationsDirectory)) {
    if (name.endsWith('.sql') && Number(name.slice(0, 4)) <= level) fs.copyFileSync(path.join(defaultMigrationsDirectory, name), path.join(directory, name));
  }
  return directory;
}

function monthName(table: string, at: Date): string {
  return `${table}_${at.toISOString().slice(0, 4)}_${at.toISOString().slice(5, 7)}`;
}

async function partitionOf(sql: Queryable, id: number): Promise<string> {
  const [row] = await sql<{ partition: string }[]>`select tableoid::regclass::text as partition from incidents where id = ${id}`;
  return row!.partition;
}

/**
 * The partitions of incidents that `work` reads (a sequential or an index scan), from the counts of
 * one connection's transaction: flushed first, as they are otherwise kept for up to a second.
 */
async function partitionsReadBy(sql: Database['sql'], work: (connection: Queryable) => Promise<unknown>): Promise<string[]> {
  const connection = await sql.reserve();
  try {
    await connection`select pg_stat_force_next_flush()`;
    await connection`select 1`;
    await connection`begin`;
    await work(connection);
    const rows = await connection<{ relname: string }[]>`
      select s.relname from pg_stat_xact_user_tables s join pg_inherits h on h.inhrelid = s.relid
       where h.inhparent = 'incidents'::regclass and s.seq_scan + coalesce(s.idx_scan, 0) > 0
       order by s.relname`;
    await connection`rollback`;
    return rows.map((row) => row.relname);
  } finally {
    connection.release();
  }
}

describe(`incidents partitioned by month, converted from 0026 (${databaseMode})`, () => {
  let database: Database;
  let sql: Database['sql'];
  const march = new Date('2025-03-10T02:00:00Z');
  const november = new Date('2025-11-02T09:30:00Z');
  const january = new Date('2026-01-20T23:59:59Z');
  let ids: { march: number; november: number; january: number };
  let eventIds: number[];

  beforeAll(async () => {
    database = await openEmptyDatabase();
    sql = database.sql;
    await migrate(sql, migrationsUpTo(26));
    // the state of a database at 0026: cases in three months, their events, the references, a clear
    // reporter phone (written before 0021's NOT VALID check), a sequence ahead of the ids
    await sql`select setval('incidents_id_seq', 500)`;
    const [first] = await sql<{ id: number }[]>`
      insert into incidents (tracking_code, category_code, source, status, description, location, reported_at, idempotency_key)
      values ('E20250310-AAAA', '0101', 'patrol', 'registered', 'march', ST_SetSRID(ST_MakePoint(117.1, 31.8), 4326), ${march}, 'key-march')
      returning id`;
    await sql`alter table incidents drop constraint incidents_reporter_phone_sealed`;
    const [second] = await sql<{ id: number }[]>`
      insert into incidents (tracking_code, category_code, source, status, description, location, reported_at, reporter_phone)
      values ('E20251102-BBBB', '0101', 'hotline', 'closed', 'november', ST_SetSRID(ST_MakePoint(117.2, 31.8), 4326), ${november}, '13800000000')
      returning id`;
    await sql`alter table incidents add constraint incidents_reporter_phone_sealed
                check (reporter_phone is null or reporter_phone like 'enc:v1:%') not valid`;
    const [third] = await sql<{ id: number }[]>`
      insert into incidents (tracking_code, category_code, source, status, description, location, reported_at, rejection_reason, duplicate_of)
      values ('E20260121-CCCC', '0101', 'resident', 'rejected', 'january', ST_SetSRID(ST_MakePoint(117.3, 31.8), 4326), ${january},
              'duplicate', ${first!.id})
      returning id`;
    ids = { march: first!.id, november: second!.id, january: third!.id };
    const events = await sql<{ id: number }[]>`
      insert into incident_events (incident_id, at, action, to_status, actor_label)
      values (${ids.march}, ${march}, 'report', 'reported', 'system'),
             (${ids.march}, ${new Date('2025-04-02T00:00:00Z')}, 'register', 'registered', 'system'),
             (${ids.november}, ${november}, 'report', 'reported', 'hotline'),
             (${ids.november}, ${new Date('2025-12-01T01:00:00Z')}, 'close', 'closed', 'system'),
             (${ids.january}, ${january}, 'report', 'reported', 'resident')
      returning id`;
    eventIds = events.map((event) => Number(event.id)).sort((a, b) => a - b);
    await sql`insert into notifications (recipient_role, kind, incident_id, message_code)
              values ('dispatcher', 'incident_overdue', ${ids.march}, 'incident_overdue')`;
    await sql`insert into emergencies (incident_id, response_level, location, radius_metres, activated_at)
              values (${ids.november}, 'III', ST_SetSRID(ST_MakePoint(117.2, 31.8), 4326), 100, ${november})`;
    expect((await migrate(sql)).applied).toEqual(['0027_monthly_partitions.sql']);
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it('makes both tables partitioned by range, one partition a month from the earliest row to three months ahead, plus DEFAULT', async () => {
    const tables = await sql<{ relname: string; strategy: string; key: string }[]>`
      select c.relname, p.partstrat as strategy, pg_get_partkeydef(c.oid) as key
        from pg_partitioned_table p join pg_class c on c.oid = p.partrelid order by c.relname`;
    expect(tables).toEqual([
      { relname: 'incident_events', strategy: 'r', key: 'RANGE (at)' },
      { relname: 'incidents', strategy: 'r', key: 'RANGE (reported_at)' },
    ]);
    const partitions = await sql<{ name: string; bound: string }[]>`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits h join pg_class c on c.oid = h.inhrelid where h.inhparent = 'incidents'::regclass order by c.relname`;
    const names = partitions.map((partition) => partition.name);
    expect(names).toContain('incidents_default');
    expect(partitions.find((partition) => partition.name === 'incidents_default')!.bound).toBe('DEFAULT');
    expect(partitions.find((partition) => partition.name === 'incidents_2025_03')!.bound)
      .toBe("FOR VALUES FROM ('2025-03-01 00:00:00+00') TO ('2025-04-01 00:00:00+00')");
    // every month from March 2025 to three months after this one, none missing
    const now = new Date();
    const months: string[] = [];
    for (let month = new Date(Date.UTC(2025, 2, 1)); month <= new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
      month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) months.push(monthName('incidents', month));
    expect(names.filter((name) => name !== 'incidents_default')).toEqual(months);
    const [events] = await sql<{ count: number }[]>`
      select count(*)::int as count from pg_inherits where inhparent = 'incident_events'::regclass`;
    expect(events!.count).toBe(partitions.length);
  });

  it('keeps every row, id, sequence, reference and the clear phone, each case in its month', async () => {
    const rows = await sql<{ id: number; trackingCode: string; duplicateOf: number | null; reporterPhone: string | null }[]>`
      select id, tracking_code, duplicate_of, reporter_phone from incidents order by id`;
    expect(rows.map((row) => [Number(row.id), row.trackingCode, row.duplicateOf === null ? null : Number(row.duplicateOf)])).toEqual([
      [ids.march, 'E20250310-AAAA', null], [ids.november, 'E20251102-BBBB', null], [ids.january, 'E20260121-CCCC', ids.march],
    ]);
    expect(rows[1]!.reporterPhone).toBe('13800000000');
    expect(ids.march).toBeGreaterThan(500);
    expect(await partitionOf(sql, ids.march)).toBe('incidents_2025_03');
    expect(await partitionOf(sql, ids.november)).toBe('incidents_2025_11');
    expect(await partitionOf(sql, ids.january)).toBe('incidents_2026_01');
    const events = await sql<{ id: number; partition: string }[]>`
      select id, tableoid::regclass::text as partition from incident_events order by id`;
    expect(events.map((event) => Number(event.id))).toEqual(eventIds);
    expect(events.map((event) => event.partition)).toEqual([
      'incident_events_2025_03', 'incident_events_2025_04', 'incident_events_2025_11', 'incident_events_2025_12', 'incident_events_2026_01',
    ]);
    const [next] = await sql<{ id: number }[]>`select nextval(pg_get_serial_sequence('incidents', 'id'))::int as id`;
    expect(next!.id).toBeGreaterThan(ids.january);
    const [eventNext] = await sql<{ id: number }[]>`select nextval(pg_get_serial_sequence('incident_events', 'id'))::int as id`;
    expect(eventNext!.id).toBeGreaterThan(eventIds.at(-1)!);
    const [references] = await sql<{ notifications: number; emergencies: number; keys: number }[]>`
      select (select count(*)::int from notifications where incident_id = ${ids.march}) as notifications,
             (select count(*)::int from emergencies where incident_id = ${ids.november}) as emergencies,
             (select count(*)::int from incident_keys) as keys`;
    expect(references).toEqual({ notifications: 1, emergencies: 1, keys: 3 });
  });

  it('keeps the checks (the sealing ones NOT VALID), every index name, the triggers and the foreign keys', async () => {
    const checks = await sql<{ conname: string; convalidated: boolean }[]>`
      select conname, convalidated from pg_constraint where conrelid = 'incidents'::regclass and contype = 'c' order by conname`;
    expect(checks.map((check) => check.conname)).toEqual([
      'incidents_check', 'incidents_check1', 'incidents_check2', 'incidents_check3', 'incidents_check4', 'incidents_description_check',
      'incidents_public_summary_check', 'incidents_rejection_reason_check', 'incidents_reporter_name_sealed', 'incidents_reporter_phone_sealed',
      'incidents_rework_count_check', 'incidents_satisfaction_check', 'incidents_source_check', 'incidents_status_check',
      'incidents_supporter_count_check',
    ]);
    expect(checks.filter((check) => !check.convalidated).map((check) => check.conname))
      .toEqual(['incidents_reporter_name_sealed', 'incidents_reporter_phone_sealed']);
    await expect(sql`insert into incidents (tracking_code, category_code, source, status, description, location, reported_at, reporter_phone)
                     values ('E20260101-DDDD', '0101', 'hotline', 'reported', 'clear', ST_SetSRID(ST_MakePoint(117, 31), 4326), now(), '139')`)
      .rejects.toThrow(/incidents_reporter_phone_sealed/);

    const indexes = await sql<{ relname: string; relkind: string }[]>`
      select i.relname, i.relkind from pg_index x join pg_class i on i.oid = x.indexrelid
       where x.indrelid in ('incidents'::regclass, 'incident_events'::regclass) order by i.relname`;
    // every index 0026 left, by the same name, on the partitioned parents (and so on every month)
    expect(indexes).toEqual([
      'incident_events_incident', 'incident_events_pkey', 'incident_events_rework_at', 'incidents_assigned_worker', 'incidents_category_reported',
      'incidents_closed_at', 'incidents_due_at', 'incidents_due_open', 'incidents_grid', 'incidents_handled_at', 'incidents_idempotency_key_key',
      'incidents_location_gist', 'incidents_patrol_reported_at', 'incidents_pkey', 'incidents_reported_at_points', 'incidents_satisfaction_rated_at',
      'incidents_status', 'incidents_tracking_code_key',
    ].map((name) => ({ relname: name, relkind: 'I' })));

    const triggers = await sql<{ tgname: string }[]>`
      select tgname from pg_trigger where tgrelid = 'incidents'::regclass and not tgisinternal order by tgname`;
    expect(triggers.map((trigger) => trigger.tgname)).toEqual([
      'incidents_bump_point_data_revision', 'incidents_claim_keys', 'incidents_emergency_clock', 'incidents_fixed_keys',
      'incidents_follow_keys', 'incidents_release_key',
    ]);
    const references = await sql<{ conname: string; target: string }[]>`
      select conname, confrelid::regclass::text as target from pg_constraint
       where contype = 'f' and conparentid = 0 and conname in ('incidents_duplicate_of_fkey', 'notifications_incident_id_fkey',
             'incident_events_incident_id_fkey', 'back_street_findings_incident_id_fkey', 'emergencies_incident_id_fkey')
       order by conname`;
    expect(references.map((reference) => reference.target)).toEqual(Array(5).fill('incident_keys'));
  });

  it('refuses a dangling reference, a deletion of a referenced case, a second id or tracking code in another month', async () => {
    await expect(sql`insert into notifications (recipient_role, kind, incident_id, message_code)
                     values ('dispatcher', 'incident_overdue', 999999, 'incident_overdue')`).rejects.toThrow(/foreign key/);
    await expect(sql`insert into incident_events (incident_id, at, to_status) values (999999, now(), 'reported')`).rejects.toThrow(/foreign key/);
    await expect(sql`update incidents set rejection_reason = 'duplicate', status = 'rejected', duplicate_of = 999999 where id = ${ids.march}`)
      .rejects.toThrow(/foreign key/);
    await expect(sql`delete from incidents where id = ${ids.march}`).rejects.toThrow(/foreign key/);
    await expect(sql`delete from incidents where id = ${ids.november}`).rejects.toThrow(/foreign key/);
    await expect(sql`update incidents set reported_at = reported_at + interval '3 months' where id = ${ids.march}`).rejects.toThrow(/do not change/);
    await expect(sql`insert into incidents (id, tracking_code, category_code, source, status, description, location, reported_at)
                     values (${ids.march}, 'E20260601-EEEE', '0101', 'patrol', 'reported', 'same id', ST_SetSRID(ST_MakePoint(117, 31), 4326), '2026-06-01')`)
      .rejects.toThrow(/incident_keys_pkey/);
    await expect(sql`insert into incidents (tracking_code, category_code, source, status, description, location, reported_at)
                     values ('E20250310-AAAA', '0101', 'patrol', 'reported', 'same code', ST_SetSRID(ST_MakePoint(117, 31), 4326), '2026-06-01')`)
      .rejects.toThrow(/incident_keys_tracking_code_key/);
    const [count] = await sql<{ incidents: number; keys: number }[]>`
      select (select count(*)::int from incidents) as incidents, (select count(*)::int from incident_keys) as keys`;
    expect(count).toEqual({ incidents: 3, keys: 3 });
  });

  it('deletes a case nothing references, key included; a renumbered tracking code follows into the keys', async () => {
    const [lone] = await sql<{ id: number }[]>`
      insert into incidents (tracking_code, category_code, source, status, description, location, reported_at)
      values ('E20260301-FFFF', '0101', 'patrol', 'reported', 'lone', ST_SetSRID(ST_MakePoint(117, 31), 4326), '2026-03-01T08:00:00Z')
      returning id`;
    await sql`update incidents set tracking_code = 'IMPORTED-1' where id = ${lone!.id}`;
    const [key] = await sql<{ trackingCode: string }[]>`select tracking_code from incident_keys where id = ${lone!.id}`;
    expect(key!.trackingCode).toBe('IMPORTED-1');
    await sql`delete from incidents where id = ${lone!.id}`;
    const [gone] = await sql<{ count: number }[]>`select count(*)::int as count from incident_keys where id = ${lone!.id}`;
    expect(gone!.count).toBe(0);
  });

  it('inserts a case with an idempotency key used in another month once: the repeat inserts nothing', async () => {
    const incident = {
      idempotencyKey: 'key-march', idempotencyBodyHash: null, categoryCode: '0101', source: 'patrol', description: 'again',
      longitude: 117.1, latitude: 31.8, address: null, gridId: null, communityId: null as unknown as number,
      reportedAt: new Date('2026-02-10T00:00:00Z'), reporterUserId: null, reporterName: null, reporterPhone: null, timeZone: 'Asia/Shanghai',
    };
    expect(await insertIncident(sql, incident)).toBeUndefined();
    const created = await insertIncident(sql, { ...incident, idempotencyKey: 'key-february' });
    expect(created?.trackingCode).toMatch(/^E20260210-/);
    expect(await insertIncident(sql, { ...incident, idempotencyKey: 'key-february', reportedAt: new Date('2026-03-10T00:00:00Z') })).toBeUndefined();
    const [count] = await sql<{ count: number }[]>`select count(*)::int as count from incidents where idempotency_key in ('key-march', 'key-february')`;
    expect(count!.count).toBe(2);
  });

  it('lands a case beyond the partitions in DEFAULT; ensuring the months moves it, its events and keeps its references', async () => {
    const far = new Date(Date.UTC(new Date().getUTCFullYear() + 2, 4, 17, 6, 0, 0));
    const [future] = await sql<{ id: number }[]>`
      insert into incidents (tracking_code, category_code, source, status, description, location, reported_at)
      values ('E-FUTURE-1', '0101', 'sensor', 'reported', 'clock ahead', ST_SetSRID(ST_MakePoint(117, 31), 4326), ${far})
      returning id`;
    await sql`insert into incident_events (incident_id, at, action, to_status, actor_label) values (${future!.id}, ${far}, 'report', 'reported', 'sensor')`;
    await sql`insert into notifications (recipient_role, kind, incident_id, message_code)
              values ('dispatcher', 'incident_overdue', ${future!.id}, 'incident_overdue')`;
    expect(await partitionOf(sql, future!.id)).toBe('incidents_default');

    expect(await ensureIncidentPartitions(sql)).toBeGreaterThanOrEqual(2);
    expect(await partitionOf(sql, future!.id)).toBe(monthName('incidents', far));
    const [event] = await sql<{ partition: string }[]>`
      select tableoid::regclass::text as partition from incident_events where incident_id = ${future!.id}`;
    expect(event!.partition).toBe(monthName('incident_events', far));
    const [left] = await sql<{ incidents: number; events: number; keys: number }[]>`
      select (select count(*)::int from incidents_default) as incidents, (select count(*)::int from incident_events_default) as events,
             (select count(*)::int from incident_keys where id = ${future!.id}) as keys`;
    expect(left).toEqual({ incidents: 0, events: 0, keys: 1 });
    // the moved month is a partition like the others: its checks (sealing NOT VALID) and the references hold
    const [sealed] = await sql<{ convalidated: boolean }[]>`
      select convalidated from pg_constraint where conrelid = ${monthName('incidents', far)}::regclass and conname = 'incidents_reporter_phone_sealed'`;
    expect(sealed!.convalidated).toBe(false);
    await expect(sql`delete from incidents where id = ${future!.id}`).rejects.toThrow(/foreign key/);
    expect(await ensureIncidentPartitions(sql)).toBe(0);
  });

  it('reads only the months of a heatmap window, and no month after a KPI period', async () => {
    const window = { from: new Date('2025-11-01T00:00:00Z'), to: new Date('2025-12-01T00:00:00Z'), scope: { kind: 'all' } as const };
    const heatmap = await partitionsReadBy(sql, async (connection) => {
      expect((await incidentPointsExtent(connection, window)).count).toBe(1);
      await listGridDensities(connection, window);
    });
    expect(heatmap).toEqual(['incidents_2025_11']);
    const kpi = await partitionsReadBy(sql, async (connection) => {
      expect((await computeKpis(connection, { from: window.from, to: window.to }, new Date('2026-06-01T00:00:00Z'))).reported).toBe(1);
    });
    expect(kpi).toContain('incidents_2025_11');
    expect(kpi.filter((name) => name > 'incidents_2025_12' && name !== 'incidents_default')).toEqual([]);
  });
});

describe(`a new database (${databaseMode})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    // as the server does at start (the template may have been made in an earlier month)
    await ensureIncidentPartitions(database.sql);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('has this month and the three after it, and DEFAULT, for both tables', async () => {
    const now = new Date();
    for (const table of ['incidents', 'incident_events']) {
      const rows = await database.sql<{ name: string }[]>`
        select c.relname as name from pg_inherits h join pg_class c on c.oid = h.inhrelid
         where h.inhparent = ${table}::regclass order by c.relname`;
      const names = rows.map((row) => row.name);
      expect(names).toContain(`${table}_default`);
      for (let ahead = 0; ahead <= 3; ahead++) {
        expect(names).toContain(monthName(table, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1))));
      }
    }
  });
});

describe(`the demo loader (${databaseMode})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('demo');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('loads its twelve months of cases into their months, none into DEFAULT', async () => {
    const rows = await database.sql<{ partition: string; count: number }[]>`
      select tableoid::regclass::text as partition, count(*)::int as count from incidents group by 1 order by 1`;
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.map((row) => row.partition)).not.toContain('incidents_default');
    const [events] = await database.sql<{ count: number }[]>`select count(*)::int as count from incident_events_default`;
    expect(events!.count).toBe(0);
    const [keys] = await database.sql<{ keys: number; incidents: number }[]>`
      select (select count(*)::int from incident_keys) as keys, (select count(*)::int from incidents) as incidents`;
    expect(keys!.keys).toBe(keys!.incidents);
  });
});
