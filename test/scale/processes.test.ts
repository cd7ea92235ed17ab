import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/accounts/rate-limiter.ts';
import { readConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { postgresTemplateDatabaseName, withDatabaseName } from '../support/database-templates.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';
import { SseReader } from '../command-centre/sse-reader.ts';

describe('GRIDATLAS_PROCESSES', () => {
  it('defaults to one process per core on PostgreSQL and is always 1 on the embedded database', () => {
    expect(readConfig({}).processes).toBe(1);
    expect(readConfig({ GRIDATLAS_PROCESSES: '4' }).processes).toBe(1);
    expect(readConfig({ DATABASE_URL: 'postgres://x@localhost/db' }).processes).toBe(os.availableParallelism());
    expect(readConfig({ DATABASE_URL: 'postgres://x@localhost/db', GRIDATLAS_PROCESSES: '3' }).processes).toBe(3);
    expect(() => readConfig({ DATABASE_URL: 'postgres://x@localhost/db', GRIDATLAS_PROCESSES: '0' })).toThrow(/GRIDATLAS_PROCESSES/);
    expect(() => readConfig({ GRIDATLAS_PROCESSES: 'many' })).toThrow(/GRIDATLAS_PROCESSES/);
    expect(readConfig({ GRIDATLAS_PROCESS_INDEX: '1' }).processIndex).toBe(1);
    expect(readConfig({}).processIndex).toBeUndefined();
  });
});

describe(`rate limits kept in the database (${databaseMode})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('migrated');
  });
  afterAll(async () => {
    await database.close();
  });

  it('count one window for every process: two limiters on one database share the limit', async () => {
    // two processes' limiters of the same name
    const first = new RateLimiter(5, 60_000, { sql: database.sql, name: 'test_shared' });
    const second = new RateLimiter(5, 60_000, { sql: database.sql, name: 'test_shared' });
    const now = Date.now();
    const answers: boolean[] = [];
    for (let attempt = 0; attempt < 8; attempt++) answers.push(await (attempt % 2 === 0 ? first : second).take('198.51.100.7', now));
    expect(answers).toEqual([true, true, true, true, true, false, false, false]);
    // another key and another limiter name are counted apart
    expect(await first.take('198.51.100.8', now)).toBe(true);
    expect(await new RateLimiter(5, 60_000, { sql: database.sql, name: 'test_other' }).take('198.51.100.7', now)).toBe(true);
    expect(second.retryAfterSeconds('198.51.100.7', now)).toBeGreaterThan(0);
    // the next window starts afresh
    expect(await second.take('198.51.100.7', now + 60_000)).toBe(true);
  });

  it('refuses rows the limiter would never write', async () => {
    await expect(database.sql`insert into rate_limit_windows (limiter, key, window_start, count) values ('x', 'k', now(), 0)`).rejects.toThrow();
    await expect(database.sql`insert into rate_limit_windows (limiter, key, window_start, count) values ('bad name', 'k', now(), 1)`).rejects.toThrow();
  });
});

/**
 * Issue 21's done-when on PostgreSQL: `npm start` with two processes; an edit through one is seen
 * by a lookup through the other within a second, and an incident posted to one reaches an SSE client
 * of the other. (On the embedded database there is one process: the configuration test above.)
 */
// defined on PostgreSQL only: the embedded database always runs one process (first describe above)
if (databaseMode === 'postgres') describe('two API processes on one PostgreSQL database', () => {
  const databaseUrl = process.env.DATABASE_URL ? withDatabaseName(process.env.DATABASE_URL, `gridatlas_processes_${randomBytes(4).toString('hex')}`) : '';
  const keyFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-processes-'));
  let child: ChildProcess;
  let url = '';
  let sql: postgres.Sql;
  const output: string[] = [];

  beforeAll(async () => {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${new URL(databaseUrl).pathname.slice(1)} template ${postgresTemplateDatabaseName('demo')}`);
    } finally {
      await admin.end();
    }
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {}, transform: postgres.camel });
    // as `npm start` runs it: the compiled server (scripts/start.mjs), its API processes too
    child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        GRIDATLAS_PROCESSES: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        GRIDATLAS_DEMO: 'false',
        GRIDATLAS_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
        GRIDATLAS_DATA_KEY_FILE: path.join(keyFolder, 'data-key'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no Ready line:\n${output.join('')}`)), 150_000);
      const read = (chunk: Buffer) => {
        output.push(chunk.toString());
        const ready = output.join('').match(/Ready in [0-9.]+ s — open (http:\/\/[^ \n]+) \(2 processes\)/);
        if (ready) {
          clearTimeout(timer);
          url = ready[1]!;
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${output.join('')}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await sql?.end({ timeout: 5 });
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
    } finally {
      await admin.end();
    }
    fs.rmSync(keyFolder, { recursive: true, force: true });
  });

  const userId = async (username: string) => ((await sql`select id from users where username = ${username}`) as unknown as [{ id: number }])[0].id;

  it('answers from both processes, and an edit through one is seen by lookups through the other within a second', { timeout: 60_000 }, async () => {
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await fetch(`${url}/api/health`);
      await response.arrayBuffer();
      seen.add(response.headers.get('x-gridatlas-process') ?? 'none');
    }
    expect([...seen].sort()).toEqual(['0', '1']);

    const [grid] = (await sql`
      select gv.grid_id as id, ST_X(ST_PointOnSurface(gv.geometry)) as lng, ST_Y(ST_PointOnSurface(gv.geometry)) as lat
        from grid_versions gv join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
       where gv.valid_to is null order by gv.code limit 1`) as unknown as [{ id: number; lng: number; lat: number }];
    const lookup = async () => {
      const response = await fetch(`${url}/api/lookup?lng=${grid.lng}&lat=${grid.lat}`);
      return { process: response.headers.get('x-gridatlas-process'), body: (await response.json()) as { worker: unknown } };
    };
    // both processes know the worker
    for (let attempt = 0; attempt < 4; attempt++) expect((await lookup()).body.worker).not.toBeNull();

    const planner = await sessionFor(sql as never, await userId('planner'));
    const edit = await fetch(`${url}/api/grids/${grid.id}/worker`, { method: 'DELETE', headers: { ...planner, 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: '跨进程测试：网格员调离' }) });
    const editedBy = edit.headers.get('x-gridatlas-process');
    expect(edit.status, await edit.text()).toBe(200);
    const editedAt = Date.now();
    // until both processes answer without the worker
    const vacantOn = new Set<string>();
    while (vacantOn.size < 2 && Date.now() - editedAt < 5_000) {
      const answer = await lookup();
      if (answer.body.worker === null) vacantOn.add(answer.process!);
      else vacantOn.delete(answer.process!);
    }
    const elapsed = Date.now() - editedAt;
    expect([...vacantOn].sort()).toEqual(['0', '1']);
    expect(editedBy === '0' || editedBy === '1').toBe(true);
    // the index checks the revision at most a second after its last check; the rest is this loaded machine's request time
    expect(elapsed).toBeLessThan(2_000);
  });

  it('delivers an incident posted to one process to stream clients of both', { timeout: 60_000 }, async () => {
    const dispatcher = await sessionFor(sql as never, await userId('dispatcher'));
    const readers = new Map<string, SseReader>();
    const controllers: AbortController[] = [];
    try {
      for (let attempt = 0; attempt < 6 && readers.size < 2; attempt++) {
        const controller = new AbortController();
        controllers.push(controller);
        const response = await fetch(`${url}/api/stream`, { headers: { Cookie: dispatcher.Cookie! }, signal: controller.signal });
        expect(response.status).toBe(200);
        const process = response.headers.get('x-gridatlas-process')!;
        if (readers.has(process)) controller.abort();
        else readers.set(process, new SseReader(response.body!));
      }
      expect([...readers.keys()].sort()).toEqual(['0', '1']);
      const [point] = (await sql`
        select ST_X(ST_PointOnSurface(geometry)) as lng, ST_Y(ST_PointOnSurface(geometry)) as lat
          from grid_versions where valid_to is null order by code limit 1`) as unknown as [{ lng: number; lat: number }];
      const posted = await fetch(`${url}/api/incidents`, {
        method: 'POST',
        headers: { ...dispatcher, 'Content-Type': 'application/json' },
        body: JSON.stringify({ categoryCode: '0102', description: '跨进程推送测试', longitude: point.lng, latitude: point.lat, source: 'hotline' }),
      });
      const body = (await posted.json()) as { id: number };
      expect(posted.status, JSON.stringify(body)).toBe(201);
      for (const reader of readers.values()) {
        const events = await reader.until((list) => list.some((event) => event.event === 'incident.created' && event.data?.payload?.id === body.id), 5_000);
        expect(events.length).toBeGreaterThan(0);
      }
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });
});
