import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { postgisWithoutRasterAndTopology } from './postgis-bundle.ts';

/**
 * Extensions compiled into the embedded database; a real server must have the same installed.
 * PostGIS without its raster and topology libraries, which GridAtlas does not use (postgis-bundle.ts).
 */
export const embeddedExtensions = { postgis: postgisWithoutRasterAndTopology, btree_gist, pg_trgm };

export interface EmbeddedDatabase {
  pglite: PGlite;
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * PGlite with PostGIS, exposed on a loopback port through pglite-socket so that the one
 * postgres.js code path serves both hosts. pglite-socket serves a single connection at a time,
 * which is why the embedded pool has `max: 1`.
 */
export async function startEmbeddedDatabase(
  source: { dataDirectory: string } | { dump: Blob | File },
): Promise<EmbeddedDatabase> {
  const pglite =
    'dataDirectory' in source
      ? await PGlite.create({ dataDir: source.dataDirectory, extensions: embeddedExtensions })
      : await PGlite.create({ loadDataDir: source.dump, extensions: embeddedExtensions });
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const [host, port] = splitHostPort(server.getServerConn());
  return {
    pglite,
    host,
    port,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}

function splitHostPort(connection: string): [string, number] {
  const separator = connection.lastIndexOf(':');
  return [connection.slice(0, separator), Number(connection.slice(separator + 1))];
}
