import { createApp } from '../server/app.ts';
import type { AppContext } from '../server/app-context.ts';
import { readConfig } from '../server/config.ts';
import type { Database } from '../server/db/connect.ts';
import { GridSpatialIndex } from '../server/lookup/grid-spatial-index.ts';
import { DataKey } from '../server/personal-data/data-key.ts';
import { createLimiters } from '../server/server.ts';
import { LiveEventHub } from '../server/stream/live-event-hub.ts';

/** The fixed data key of the profiling scripts: they make and read only their own rows. */
export const profileDataKey = DataKey.fromSecret(Buffer.alloc(32, 7));

/**
 * The full app in this process over `database`, for the profiling scripts (bench/profile-*.ts):
 * requests go through `app.request` (no socket), so a CPU profile of this process holds the
 * server's whole work. Stop `context.liveEvents` when done.
 */
export function inProcessApp(database: Database, databaseUrl: string | undefined) {
  const context: AppContext = {
    config: { ...readConfig({}), databaseUrl },
    database,
    gridIndex: new GridSpatialIndex(database.sql),
    dataKey: profileDataKey,
    limiters: createLimiters(database.mode === 'postgres' ? database.sql : undefined),
    liveEvents: LiveEventHub.forDatabase(database, { layoutPollMilliseconds: 0 }),
  };
  return { app: createApp(context), context };
}
