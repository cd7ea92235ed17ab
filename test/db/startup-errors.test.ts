import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { lockDataFolder } from '../../server/db/data-folder-lock.ts';
import { DatabaseStartupError } from '../../server/db/database-errors.ts';
import { requireGeometry } from '../../server/db/require-geometry.ts';
import { Failure } from '../../server/http/failure.ts';

describe('start-up errors say what to do', () => {
  it('refuses a data folder held by another running process, and takes over a stale lock', () => {
    const dataDirectory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-lock-')), 'db');
    fs.writeFileSync(`${dataDirectory}.lock`, '1'); // pid 1 is always alive
    expect(() => lockDataFolder(dataDirectory)).toThrow(DatabaseStartupError);
    expect(() => lockDataFolder(dataDirectory)).toThrow(/in use by another GridAtlas process \(pid 1\).*GRIDATLAS_DATA_DIR/);

    fs.writeFileSync(`${dataDirectory}.lock`, '999999999'); // no such process
    const release = lockDataFolder(dataDirectory);
    expect(fs.readFileSync(`${dataDirectory}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dataDirectory}.lock`)).toBe(false);
  });

  it('explains an unreachable DATABASE_URL without leaking the password', async () => {
    const failure = await openDatabase({ databaseUrl: 'postgres://someone:s3cret@127.0.0.1:1/nowhere' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseStartupError);
    expect((failure as DatabaseStartupError).code).toBe('database_unreachable');
    expect((failure as Error).message).toMatch(/Cannot reach PostgreSQL at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1/);
    expect((failure as Error).message).not.toContain('s3cret');
  });

  it('turns an empty PostGIS answer into a clear failure instead of a silent null', () => {
    expect(() => requireGeometry([], 'geometry', 'union of grids')).toThrow(Failure);
    let failure: unknown;
    try {
      requireGeometry([{ geometry: null }], 'geometry', 'union of grids');
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'empty_geometry_result', details: { operation: 'union of grids' } });
    expect(requireGeometry([{ geometry: 'x' }], 'geometry', 'union')).toEqual({ geometry: 'x' });
  });
});
