import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure } from '../http/failure.ts';
import { binaryResponse, errorResponse, jsonResponse, mediaResponse } from '../http/openapi-responses.ts';
import { basemapLayerSchema, basemapOptionsSchema, basemapStyleSchema } from '../../contract/basemap.ts';
import { basemapLayerFeatures, basemapLayerFingerprint, basemapLayers, territoryBounds, type BasemapLayer } from './basemap.repo.ts';
import { buildBasemapStyle, demoAttribution, tiandituAttribution, type BasemapMode } from './basemap-style.ts';
import { parseByteRange, readPmtilesArchive, type PmtilesArchive } from './pmtiles-archive.ts';

const pmtilesPath = '/api/basemap/tiles.pmtiles';
const layerPath = (layer: string) => `/api/basemap/layers/${layer}.geojson`;


interface ChosenBasemap {
  mode: BasemapMode;
  pmtiles: PmtilesArchive | undefined;
  notice: string | null;
}

/**
 * One basemap is chosen at start-up: an online style (BASEMAP_STYLE_URL) wins, then a local
 * .pmtiles archive, then 天地图 with a key, else the offline style from the project's own tables.
 * A configured archive that cannot be read falls back to offline with a notice rather than
 * stopping the server: a map without the archive is still a working map.
 */
function chooseBasemap(config: AppContext['config']): ChosenBasemap {
  if (config.basemapStyleUrl) return { mode: 'style-url', pmtiles: undefined, notice: null };
  if (config.basemapPmtiles) {
    try {
      return { mode: 'pmtiles', pmtiles: readPmtilesArchive(config.basemapPmtiles), notice: null };
    } catch (error) {
      const notice = `BASEMAP_PMTILES ${config.basemapPmtiles} is unusable (${(error as Error).message}); using the offline basemap`;
      console.warn(`[gridatlas] ${notice}`);
      return { mode: 'offline', pmtiles: undefined, notice };
    }
  }
  if (config.tiandituKey) return { mode: 'tianditu', pmtiles: undefined, notice: null };
  return { mode: 'offline', pmtiles: undefined, notice: null };
}

/** Answer 304 when the client already holds this exact content. */
function withEntityTag(c: Context, body: string, contentType: string) {
  const entityTag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  // no-cache: the browser keeps the document but asks each time, and gets a 304 while unchanged
  const headers = { ETag: entityTag, 'Cache-Control': 'no-cache', 'Content-Type': contentType };
  const presented = c.req.header('If-None-Match');
  if (presented && presented.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entityTag)) {
    return c.body(null, 304, headers);
  }
  return c.body(body, 200, headers);
}

export function createBasemapRoutes(context: AppContext) {
  const router = createRouter();
  const { sql } = context.database;
  const chosen = chooseBasemap(context.config);
  const cachedLayers = new Map<BasemapLayer, { fingerprint: string; body: string }>();

  async function layerDocument(layer: BasemapLayer): Promise<string> {
    const fingerprint = await basemapLayerFingerprint(sql, layer);
    const cached = cachedLayers.get(layer);
    if (cached && cached.fingerprint === fingerprint) return cached.body;
    const body = `{"type":"FeatureCollection","features":${await basemapLayerFeatures(sql, layer)}}`;
    cachedLayers.set(layer, { fingerprint, body });
    return body;
  }

  const attribution = () =>
    chosen.mode === 'tianditu' ? [tiandituAttribution, demoAttribution]
    : chosen.mode === 'pmtiles' ? [chosen.pmtiles?.attribution ?? 'PMTiles basemap', demoAttribution]
    : chosen.mode === 'style-url' ? [demoAttribution]
    : [demoAttribution];

  router.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/options',
      tags: ['basemap'],
      summary: 'Which basemap is in use and where its style is',
      responses: { 200: jsonResponse(basemapOptionsSchema, 'Basemap options') },
    }),
    async (c) =>
      c.json(
        {
          mode: chosen.mode,
          styleUrl: chosen.mode === 'style-url' ? context.config.basemapStyleUrl! : '/api/basemap/style.json',
          attribution: attribution(),
          bounds: await territoryBounds(sql),
          notice: chosen.notice,
        },
        200,
      ),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/style.json',
      tags: ['basemap'],
      summary: 'MapLibre style of the basemap; source URLs are relative to this origin',
      responses: { 200: jsonResponse(basemapStyleSchema, 'MapLibre style v8'), 304: { description: 'Unchanged since the presented ETag' } },
    }),
    async (c) => {
      const style = buildBasemapStyle({
        // an online style is loaded by the client itself; this one stays the offline fallback
        mode: chosen.mode === 'style-url' ? 'offline' : chosen.mode,
        layerUrl: layerPath,
        bounds: await territoryBounds(sql),
        pmtiles: chosen.pmtiles ? { archive: chosen.pmtiles, url: pmtilesPath } : undefined,
        tiandituKey: context.config.tiandituKey,
      });
      return withEntityTag(c, JSON.stringify(style), 'application/json; charset=utf-8') as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/layers/{file}',
      tags: ['basemap'],
      summary: 'One basemap layer as GeoJSON, with an ETag keyed by its content',
      request: {
        params: z.object({
          file: z
            .string()
            .openapi({ param: { name: 'file', in: 'path' }, example: 'road.geojson' })
            .refine((file) => (basemapLayers as readonly string[]).some((layer) => `${layer}.geojson` === file), {
              params: { problem: 'unknown_basemap_layer', layers: basemapLayers.map((layer) => `${layer}.geojson`).join(', ') },
            }),
        }),
      },
      responses: {
        200: mediaResponse('application/geo+json', basemapLayerSchema, 'FeatureCollection'),
        304: { description: 'Unchanged since the presented ETag' },
      },
    }),
    async (c) => {
      const layer = c.req.valid('param').file.replace(/\.geojson$/, '') as BasemapLayer;
      return withEntityTag(c, await layerDocument(layer), 'application/geo+json; charset=utf-8') as never;
    },
  );

  // The archive is read piecewise by the pmtiles client with Range requests; HEAD is answered by Hono from GET.
  router.openapi(
    createRoute({
      method: 'get',
      path: '/basemap/tiles.pmtiles',
      tags: ['basemap'],
      summary: 'The configured PMTiles archive, whole or by byte range (Range: bytes=a-b)',
      responses: {
        200: binaryResponse('application/vnd.pmtiles', 'The whole archive'),
        206: binaryResponse('application/vnd.pmtiles', 'The requested byte range'),
        404: errorResponse('pmtiles_not_configured'),
        416: { description: 'The range lies outside the archive' },
      },
    }),
    (c) => {
    const archive = chosen.pmtiles;
    if (!archive) throw new Failure('pmtiles_not_configured', {});
    const entityTag = `"${archive.size.toString(16)}-${archive.modifiedAt.getTime().toString(16)}"`;
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      ETag: entityTag,
      'Cache-Control': 'public, max-age=3600',
      'Content-Type': 'application/vnd.pmtiles',
    };
    const range = parseByteRange(c.req.header('Range'), archive.size);
    if (range === 'unsatisfiable') {
      return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${archive.size}` });
    }
    if (!range) {
      // the whole archive: streamed, since it can be gigabytes
      const stream = Readable.toWeb(fs.createReadStream(archive.path)) as ReadableStream<Uint8Array>;
      return c.body(stream, 200, { ...headers, 'Content-Length': String(archive.size) });
    }
    const { start, end } = range;
    const length = end - start + 1;
    const buffer = Buffer.alloc(length);
    const handle = fs.openSync(archive.path, 'r');
    try {
      fs.readSync(handle, buffer, 0, length, start);
    } finally {
      fs.closeSync(handle);
    }
    return c.body(buffer, 206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${archive.size}`, 'Content-Length': String(length) });
    },
  );

  return router;
}
