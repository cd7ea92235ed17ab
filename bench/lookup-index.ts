import { openDatabase } from '../server/db/connect.ts';
import { GridSpatialIndex } from '../server/lookup/grid-spatial-index.ts';

/**
 * `npx tsx bench/lookup-index.ts URL…`: the resident lookup's in-memory index alone (no HTTP) on
 * each database — index build time and microseconds per lookup over household points — to show
 * how the lookup grows with the number of grids independently of the HTTP stack and machine load.
 */
for (const databaseUrl of process.argv.slice(2)) {
  const database = await openDatabase({ databaseUrl });
  try {
    const index = new GridSpatialIndex(database.sql);
    let startedAt = performance.now();
    await index.ensureFresh();
    const buildMilliseconds = performance.now() - startedAt;
    const points = (await database.sql<{ x: number; y: number }[]>`
      select ST_X(location) as x, ST_Y(location) as y from households tablesample system (5) repeatable (42) limit 5000`).map((row) => [row.x, row.y] as const);
    for (const [x, y] of points) await index.lookup(x, y); // warm-up
    startedAt = performance.now();
    for (let round = 0; round < 4; round += 1) for (const [x, y] of points) await index.lookup(x, y);
    const microsecondsPerLookup = ((performance.now() - startedAt) * 1000) / (points.length * 4);
    const name = new URL(databaseUrl).pathname.slice(1);
    process.stdout.write(`${JSON.stringify({ database: name, grids: index.size, buildMilliseconds: Math.round(buildMilliseconds), microsecondsPerLookup: Number(microsecondsPerLookup.toFixed(1)) })}\n`);
  } finally {
    await database.close();
  }
}
