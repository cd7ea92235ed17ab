import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import type { RateLimiter } from './accounts/rate-limiter.ts';
import type { GridSpatialIndex } from './lookup/grid-spatial-index.ts';
import type { DataKey } from './personal-data/data-key.ts';
import type { LiveEventHub } from './stream/live-event-hub.ts';

/** What every route factory receives: no globals, so tests build as many apps as they like. */
export interface AppContext {
  config: Config;
  database: Database;
  gridIndex: GridSpatialIndex;
  dataKey: DataKey;
  limiters: {
    loginPerAddress: RateLimiter;
    /** Resident reports per client address (server/residents). */
    residentReportsPerAddress: RateLimiter;
    /** Resident photo uploads, "me too" and ratings per client address. */
    residentActionsPerAddress: RateLimiter;
    /** Open311 POST requests.json per API key. */
    open311PerKey: RateLimiter;
    /** Tracking-page look-ups per client address: codes are not enumerable, and guessing is also slowed. */
    trackingLookupsPerAddress: RateLimiter;
  };
  /** The command centre's live stream: `liveEvents.publish(…)` after a change commits (server/stream). */
  liveEvents: LiveEventHub;
}
