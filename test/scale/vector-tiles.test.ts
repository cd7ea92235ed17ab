import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import {
  encodeTileInDatabase,
  encodeTileInJavaScript,
  tileLayers,
  type TileAddress,
  type TileLayer,
} from '../../server/tiles/vector-tiles.repo.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  geometry: { x: number; y: number }[][];
}

function decode(bytes: Uint8Array, layer: string): { extent: number; features: DecodedFeature[] } | undefined {
  if (bytes.byteLength === 0) return undefined;
  const tile = new VectorTile(new Pbf(bytes));
  expect(Object.keys(tile.layers)).toEqual([layer]);
  const decoded = tile.layers[layer]!;
  const features: DecodedFeature[] = [];
  for (let index = 0; index < decoded.length; index++) {
    const feature = decoded.feature(index);
    features.push({
      id: feature.id,
      type: feature.type,
      properties: { ...feature.properties },
      geometry: feature.loadGeometry().map((ring) => ring.map((point) => ({ x: point.x, y: point.y }))),
    });
  }
  features.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return { extent: decoded.extent, features };
}

/** The Web Mercator tile holding a WGS84 point. */
function tileOf(longitude: number, latitude: number, z: number): TileAddress {
  const n = 2 ** z;
  const x = Math.floor(((longitude + 180) / 360) * n);
  const radians = (latitude * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
  return { z, x, y };
}

/**
 * Issue 21: the city view as vector tiles. The same SQL feeds ST_AsMVT on PostgreSQL and the
 * JavaScript encoder on PGlite; on PostgreSQL both are decoded and must carry the same features.
 */
describe(`vector tiles (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let centre: { longitude: number; latitude: number };
  let extent: { minLng: number; minLat: number; maxLng: number; maxLat: number };

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app, context } = createTestApp(database));
    const [row] = (await database.sql`
      select ST_X(ST_PointOnSurface(gv.geometry)) as longitude, ST_Y(ST_PointOnSurface(gv.geometry)) as latitude
        from grid_versions gv where gv.valid_to is null order by gv.code limit 1`) as unknown as [{ longitude: number; latitude: number }];
    centre = row;
    const [box] = (await database.sql`
      select ST_XMin(e) as min_lng, ST_YMin(e) as min_lat, ST_XMax(e) as max_lng, ST_YMax(e) as max_lat
        from (select ST_Extent(boundary)::geometry as e from communities) t`) as unknown as [typeof extent];
    extent = box;
  });
  afterAll(async () => {
    await database.close();
  });

  const session = async (username: string) => {
    const response = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: (await import('../../server/accounts/bootstrap-accounts.ts')).demoPassword }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { Cookie: cookie };
  };

  it('encodes every layer to the same features in the database and in JavaScript', { timeout: 120_000 }, async () => {
    let compared = 0;
    for (const layer of tileLayers) {
      for (const z of [12, 14, 17]) {
        const address = tileOf(centre.longitude, centre.latitude, z);
        const script = decode(await encodeTileInJavaScript(database.sql, layer, address), layer);
        expect(script, `${layer} ${z}`).toBeDefined();
        expect(script!.extent).toBe(4096);
        expect(script!.features.length).toBeGreaterThan(0);
        for (const feature of script!.features) {
          expect(feature.id).toBeTypeOf('number');
          for (const ring of feature.geometry) for (const point of ring) expect(Number.isInteger(point.x) && Number.isInteger(point.y)).toBe(true);
        }
        if (database.mode === 'postgres') {
          const native = decode(await encodeTileInDatabase(database.sql, layer, address), layer);
          expect(native!.features, `${layer} z${z}`).toEqual(script!.features);
          compared += native!.features.length;
        }
      }
    }
    if (database.mode === 'postgres') expect(compared).toBeGreaterThan(50);
  });

  it('draws polygons with their exterior ring first and clockwise on screen (positive area)', async () => {
    const address = tileOf(centre.longitude, centre.latitude, 14);
    const grids = decode(await encodeTileInJavaScript(database.sql, 'grids', address), 'grids')!;
    for (const feature of grids.features) {
      expect(feature.type).toBe(3);
      const ring = feature.geometry[0]!;
      let twiceArea = 0;
      for (let index = 0; index < ring.length - 1; index++) twiceArea += ring[index]!.x * ring[index + 1]!.y - ring[index + 1]!.x * ring[index]!.y;
      expect(twiceArea).toBeGreaterThan(0);
    }
    const properties = grids.features[0]!.properties;
    expect(properties).toMatchObject({ code: expect.any(String), households: expect.any(Number), vacant: expect.any(Boolean) });
  });

  /** The sum of the cluster counts over the z12 tiles covering the zone: every point lies in exactly one tile. */
  async function clusteredCount(layer: 'households' | 'incidents'): Promise<number> {
    const z = 12;
    const from = tileOf(extent.minLng, extent.maxLat, z);
    const to = tileOf(extent.maxLng, extent.minLat, z);
    let counted = 0;
    for (let x = from.x; x <= to.x; x++) {
      for (let y = from.y; y <= to.y; y++) {
        const tile = decode(await encodeTileInJavaScript(database.sql, layer, { z, x, y }), layer);
        for (const feature of tile?.features ?? []) counted += feature.properties.count as number;
      }
    }
    return counted;
  }

  it('clusters households at low zoom so that the counts add up to every household', async () => {
    const counted = await clusteredCount('households');
    const [{ total }] = (await database.sql`select count(*)::int as total from households`) as unknown as [{ total: number }];
    expect(counted).toBe(total);
  });

  it('clusters public incidents at low zoom so that the counts add up to every public case, a published patrol case included', { timeout: 60_000 }, async () => {
    // a case from a source the public does not see, published by the office: public by publication alone
    const [published] = (await database.sql`
      update incidents set published_at = now(), published_by_user_id = (select id from users order by id limit 1), hidden_from_public = false
       where id = (select id from incidents where source <> 'resident' and status not in ('reported', 'rejected') order by id limit 1)
       returning id`) as unknown as [{ id: number }];
    expect(published).toBeDefined();
    const counted = await clusteredCount('incidents');
    const [{ total }] = (await database.sql`
      select count(*)::int as total from incidents
       where incident_is_public(source, category_code, status, hidden_from_public, published_at)`) as unknown as [{ total: number }];
    expect(total).toBeGreaterThan(1);
    expect(counted).toBe(total);
  });

  it('shows anonymous callers public incidents only, and household points to staff only', { timeout: 60_000 }, async () => {
    // a tile around a public case, which the demo has amid internal ones
    const [spot] = (await database.sql`
      select ST_X(location) as longitude, ST_Y(location) as latitude from incidents
       where incident_is_public(source, category_code, status, hidden_from_public, published_at) order by id limit 1`) as unknown as [
      { longitude: number; latitude: number },
    ];
    const address = tileOf(spot.longitude, spot.latitude, 15);
    const response = await app.request(`/api/tiles/incidents/${address.z}/${address.x}/${address.y}.mvt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const incidents = decode(new Uint8Array(await response.arrayBuffer()), 'incidents');
    const ids = (incidents?.features ?? []).map((feature) => feature.id!);
    // the demo holds cases the public may not see in the same place; none of them is in the tile
    const [{ publicCount, hiddenCount }] = (await database.sql`
      select count(*) filter (where incident_is_public(source, category_code, status, hidden_from_public, published_at))::int as public_count,
             count(*) filter (where not incident_is_public(source, category_code, status, hidden_from_public, published_at))::int as hidden_count
        from incidents`) as unknown as [{ publicCount: number; hiddenCount: number }];
    expect(hiddenCount).toBeGreaterThan(0);
    expect(publicCount).toBeGreaterThan(0);
    const [{ internalInTile }] = (await database.sql`
      select count(*)::int as internal_in_tile from incidents
       where location && ST_Transform(ST_TileEnvelope(${address.z}, ${address.x}, ${address.y}), 4326)
         and not incident_is_public(source, category_code, status, hidden_from_public, published_at)`) as unknown as [{ internalInTile: number }];
    expect(internalInTile).toBeGreaterThan(0);
    expect(ids.length).toBeGreaterThan(0);
    {
      const rows = (await database.sql`
        select id, incident_is_public(source, category_code, status, hidden_from_public, published_at) as public
          from incidents where id in ${database.sql(ids)}`) as unknown as { id: number; public: boolean }[];
      expect(rows.length).toBe(ids.length);
      expect(rows.every((row) => row.public)).toBe(true);
      expect(Object.keys(incidents!.features[0]!.properties).sort()).toEqual(['category', 'major', 'status']);
    }
    // and a hidden case in the tile never shows: hide every case there, and the tile is empty
    const inTile = database.sql`location && ST_Expand(ST_Transform(ST_TileEnvelope(${address.z}, ${address.x}, ${address.y}), 4326), 0.01)`;
    await database.sql`update incidents set hidden_from_public = true where published_at is null and ${inTile}`;
    await database.sql`update incidents set published_at = null, published_by_user_id = null, hidden_from_public = true where published_at is not null and ${inTile}`;
    const hidden = await app.request(`/api/tiles/incidents/${address.z}/${address.x}/${address.y}.mvt`);
    expect(hidden.status).toBe(200);
    expect((await hidden.arrayBuffer()).byteLength).toBe(0);

    const households = `/api/tiles/households/${address.z}/${address.x}/${address.y}.mvt`;
    expect((await app.request(households)).status).toBe(401);
    const asDispatcher = await app.request(households, { headers: await session('dispatcher') });
    expect(asDispatcher.status).toBe(200);
    expect(asDispatcher.headers.get('cache-control')).toBe('private, max-age=60');
    expect(decode(new Uint8Array(await asDispatcher.arrayBuffer()), 'households')!.features.length).toBeGreaterThan(0);
  });

  it('keys layout layers by revision: immutable when current, 304 on its ETag, a new ETag after a change', async () => {
    const address = tileOf(centre.longitude, centre.latitude, 14);
    const [{ revision }] = (await database.sql`select revision from layout_revision`) as unknown as [{ revision: number }];
    const url = `/api/tiles/grids/${address.z}/${address.x}/${address.y}.mvt`;
    const current = await app.request(`${url}?revision=${revision}`);
    expect(current.status).toBe(200);
    expect(current.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = current.headers.get('etag')!;
    expect(etag).toContain(`r${revision}`);
    const bytes = new Uint8Array(await current.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(0);

    const unversioned = await app.request(url);
    expect(unversioned.headers.get('cache-control')).toBe('public, no-cache');
    expect(new Uint8Array(await unversioned.arrayBuffer())).toEqual(bytes);
    expect((await app.request(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);

    await database.sql`update workers set name = name`;
    context.gridIndex.invalidate();
    const after = await app.request(`${url}?revision=${revision}`, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    // asked for an old revision: the current tile, to be revalidated, not kept for good
    expect(after.headers.get('cache-control')).toBe('public, no-cache');
  });

  it('keeps a clustered incident tile by data revision, from memory, and answers a new one after a new incident', { timeout: 60_000 }, async () => {
    // next to a public case; the new case is a hotline one, public once the dispatcher publishes it
    const [model] = (await database.sql`
      select category_code, ST_X(location) as longitude, ST_Y(location) as latitude from incidents
       where incident_is_public(source, category_code, status, hidden_from_public, published_at) order by id limit 1`) as unknown as [
      { categoryCode: string; longitude: number; latitude: number },
    ];
    expect(model).toBeDefined();
    const address = tileOf(model.longitude, model.latitude, 12);
    const url = `/api/tiles/incidents/${address.z}/${address.x}/${address.y}.mvt`;
    const counted = (bytes: ArrayBuffer) =>
      (decode(new Uint8Array(bytes), 'incidents')?.features ?? []).reduce((sum, feature) => sum + (feature.properties.count as number), 0);

    const set = await (await app.request('/api/tiles')).json();
    const incidentsUrl = set.layers.find((layer: { name: string }) => layer.name === 'incidents').url as string;
    expect(incidentsUrl).toBe(`/api/tiles/incidents/{z}/{x}/{y}.mvt?revision=${set.dataRevision}`);
    const first = await app.request(`${url}?revision=${set.dataRevision}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const before = counted(await first.arrayBuffer());
    expect(before).toBeGreaterThan(0);
    // the second answer comes from memory: a case hidden behind the revision's back (triggers off for
    // this one statement, as a replica applies rows) is still counted
    const [hidden] = (await database.sql.begin(async (sql) => {
      await sql`set local session_replication_role = replica`;
      return sql`
      update incidents set hidden_from_public = true
       where id = (select id from incidents where incident_is_public(source, category_code, status, hidden_from_public, published_at)
                      and location && ST_Transform(ST_TileEnvelope(${address.z}, ${address.x}, ${address.y}), 4326) order by id limit 1)
       returning id`;
    })) as unknown as [{ id: number }];
    expect((await (await app.request('/api/tiles')).json()).dataRevision).toBe(set.dataRevision);
    const repeated = await app.request(`${url}?revision=${set.dataRevision}`);
    expect(repeated.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(counted(await repeated.arrayBuffer())).toBe(before);
    await database.sql.begin(async (sql) => {
      await sql`set local session_replication_role = replica`;
      await sql`update incidents set hidden_from_public = false where id = ${hidden.id}`;
    });
    // a sign-in writes an audit row but changes no point: the revision stays
    await session('auditor');
    expect((await (await app.request('/api/tiles')).json()).dataRevision).toBe(set.dataRevision);

    const headers = { ...(await session('dispatcher')), 'Content-Type': 'application/json' };
    const csrf = await app.request('/api/auth/session', { headers });
    const csrfToken = ((await csrf.json()) as { csrfToken: string | null }).csrfToken;
    const writeHeaders = { ...headers, 'X-CSRF-Token': csrfToken! };
    const created = await app.request('/api/incidents', {
      method: 'POST',
      headers: writeHeaders,
      body: JSON.stringify({ categoryCode: model.categoryCode, description: '瓦片缓存测试：新案件', longitude: model.longitude, latitude: model.latitude, source: 'hotline' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const published = await app.request(`/api/incidents/${id}/public-visibility`, {
      method: 'PUT', headers: writeHeaders, body: JSON.stringify({ decision: 'published' }),
    });
    expect(published.status).toBe(200);

    const next = await (await app.request('/api/tiles')).json();
    expect(next.dataRevision).toBeGreaterThan(set.dataRevision);
    const after = await app.request(`${url}?revision=${next.dataRevision}`);
    expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect(counted(await after.arrayBuffer())).toBe(before + 1);
    // an old revision still gets the current tile, for a minute only
    const stale = await app.request(`${url}?revision=${set.dataRevision}`);
    expect(stale.headers.get('cache-control')).toBe('public, max-age=60');
    expect(counted(await stale.arrayBuffer())).toBe(before + 1);

    // hiding it again changes a row, not an id: a newer revision, and the tile counts it no more
    const hide = await app.request(`/api/incidents/${id}/public-visibility`, {
      method: 'PUT', headers: writeHeaders, body: JSON.stringify({ decision: 'hidden' }),
    });
    expect(hide.status).toBe(200);
    const last = await (await app.request('/api/tiles')).json();
    expect(last.dataRevision).toBeGreaterThan(next.dataRevision);
    expect(counted(await (await app.request(`${url}?revision=${last.dataRevision}`)).arrayBuffer())).toBe(before);
  });

  it('names the current revision and each layer\'s URL in the tile set', async () => {
    const [{ revision }] = (await database.sql`select revision from layout_revision`) as unknown as [{ revision: number }];
    context.gridIndex.invalidate();
    const response = await app.request('/api/tiles');
    expect(response.status).toBe(200);
    const set = await response.json();
    expect(set.revision).toBe(Number(revision));
    expect(set.layers.map((layer: { name: string }) => layer.name)).toEqual([...tileLayers]);
    const grids = set.layers.find((layer: { name: string }) => layer.name === 'grids');
    expect(grids).toEqual({ name: 'grids', url: `/api/tiles/grids/{z}/{x}/{y}.mvt?revision=${revision}`, audience: 'everyone', singleFromZoom: null });
    const tile = await app.request(grids.url.replace('{z}', '10').replace('{x}', '0').replace('{y}', '0'));
    expect(tile.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('refuses tiles outside the zoom range or the tile grid, naming the field', async () => {
    const tooDeep = await app.request('/api/tiles/grids/21/0/0.mvt');
    expect(tooDeep.status).toBe(400);
    expect((await tooDeep.json()).error.details.fields[0].field).toBe('z');
    const outside = await app.request('/api/tiles/communities/2/4/1.mvt');
    expect(outside.status).toBe(400);
    expect((await outside.json()).error.details.fields[0]).toMatchObject({ field: 'x', code: 'out_of_range' });
    const notTile = await app.request('/api/tiles/communities/2/1/1.png');
    expect(notTile.status).toBe(400);
  });

  it.each(tileLayers.map((layer) => [layer] as [TileLayer]))('serves an empty %s tile far from the zone as an empty body', async (layer) => {
    const headers = layer === 'households' ? await session('demo-admin') : undefined;
    const response = await app.request(`/api/tiles/${layer}/10/0/0.mvt`, headers ? { headers } : {});
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });
});
