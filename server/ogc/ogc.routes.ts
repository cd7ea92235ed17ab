import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  ogcCollectionSchema, ogcCollectionsSchema, ogcConformanceSchema, ogcFeatureCollectionSchema, ogcFeatureItemSchema, ogcLandingPageSchema,
} from '../../contract/ogc.ts';
import type { AppContext } from '../app-context.ts';
import { ogcAccess } from '../accounts/access-policy.ts';
import { publicOriginOf } from '../accounts/client-address.ts';
import { verifyApiKey } from '../api-keys/api-keys.repo.ts';
import type { AppEnv } from '../http/app-env.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, notFound } from '../http/failure.ts';
import { errorResponse, jsonResponse, mediaResponse } from '../http/openapi-responses.ts';
import { parseOgcQuery } from './ogc-parameters.ts';
import { collectionExtent, ogcCollections, readOgcCollection, type OgcCollectionDefinition } from './ogc.repo.ts';
import { parseDatabaseId } from '../http/strict-values.ts';

const conformance = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/**
 * OGC API – Features, Part 1 (core + GeoJSON), read-only, at /ogc — for QGIS, GDAL/ogr2ogr
 * and other GIS clients. It lives outside /api, so the session middleware does not run here:
 * sessions and cookies are ignored, access follows `ogcAccess` (server/accounts/access-policy.ts).
 * Public collections need nothing; households need an API key (X-API-Key header or `apikey`
 * query parameter) with the `ogc_households` scope.
 */
const tags = ['ogc'];
const collectionParams = z.object({ collectionId: z.string().openapi({ param: { name: 'collectionId', in: 'path' }, example: 'grids' }) });
const keyQuery = z.object({ apikey: z.string().optional().openapi({ param: { name: 'apikey', in: 'query' }, description: 'or the X-API-Key header' }) });
const keyFailures = {
  401: errorResponse('api_key_required: households need an API key with the ogc_households scope'),
  403: errorResponse('api_key_invalid'),
  404: errorResponse('No such collection or feature'),
};

export function createOgcRoutes({ database, dataKey, config }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  const baseOf = (c: Context<AppEnv>) => `${publicOriginOf(c, config.trustedProxies)}/ogc`;
  /** A key given in the query string has to travel with every link, or a client loses it on the next page. */
  const keySuffix = (c: Context<AppEnv>, first: boolean) => {
    const key = c.req.query('apikey');
    return key ? `${first ? '?' : '&'}apikey=${encodeURIComponent(key)}` : '';
  };
  const apiKeyOf = (c: Context<AppEnv>) => c.req.header('x-api-key') ?? c.req.query('apikey');
  const mayReadHouseholds = async (c: Context<AppEnv>) => {
    const key = apiKeyOf(c);
    return key ? (await verifyApiKey(sql, key, 'ogc_households')) !== null : false;
  };
  const visibleCollections = async (c: Context<AppEnv>) => {
    const households = await mayReadHouseholds(c);
    return ogcCollections.filter((collection) => ogcAccess[collection.id] === 'everyone' || households);
  };
  const collectionOrFail = async (c: Context<AppEnv>, id: string): Promise<OgcCollectionDefinition> => {
    const collection = ogcCollections.find((candidate) => candidate.id === id);
    if (!collection) throw notFound('collection', id);
    if (ogcAccess[collection.id] !== 'everyone') {
      const key = apiKeyOf(c);
      if (!key) throw new Failure('api_key_required', { scope: 'ogc_households' }, { collection: id });
      if (!(await verifyApiKey(sql, key, 'ogc_households'))) throw new Failure('api_key_invalid', { scope: 'ogc_households' }, { collection: id });
    }
    return collection;
  };
  /** GeoJSON answers carry their own media type (the standard's requirement class "GeoJSON"). */
  const geoJson = <T,>(c: Context<AppEnv>, body: T) => c.json(body, 200, { 'Content-Type': 'application/geo+json; charset=utf-8' });

  const describe = async (c: Context<AppEnv>, collection: OgcCollectionDefinition) => {
    const base = baseOf(c);
    const extent = await collectionExtent(sql, collection.id);
    return {
      id: collection.id,
      title: collection.title,
      description: collection.description,
      itemType: 'feature' as const,
      crs: [crs84],
      storageCrs: crs84,
      ...(extent ? { extent: { spatial: { bbox: [extent], crs: crs84 } } } : {}),
      links: [
        { href: `${base}/collections/${collection.id}${keySuffix(c, true)}`, rel: 'self', type: 'application/json', title: collection.title },
        { href: `${base}/collections/${collection.id}/items${keySuffix(c, true)}`, rel: 'items', type: 'application/geo+json', title: 'Items' },
      ],
    };
  };

  router.openapi(createRoute({
    method: 'get', path: '/', tags, summary: 'OGC API – Features landing page', request: { query: keyQuery },
    responses: { 200: jsonResponse(ogcLandingPageSchema, 'Landing page') },
  }), (c) => {
    const base = baseOf(c);
    return c.json({
      title: 'GridAtlas OGC API – Features',
      description: 'Communities, grids, incidents and risk sources of GridAtlas (read-only). Households need an authorised API key.',
      links: [
        { href: `${base}${keySuffix(c, true)}`, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${base}/conformance${keySuffix(c, true)}`, rel: 'conformance', type: 'application/json', title: 'Conformance' },
        { href: `${base}/collections${keySuffix(c, true)}`, rel: 'data', type: 'application/json', title: 'Collections' },
        { href: `${publicOriginOf(c, config.trustedProxies)}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The GridAtlas API definition' },
      ],
    }, 200);
  });

  router.openapi(createRoute({
    method: 'get', path: '/conformance', tags, summary: 'The conformance classes implemented', request: { query: keyQuery },
    responses: { 200: jsonResponse(ogcConformanceSchema, 'Conformance') },
  }), (c) => c.json({ conformsTo: conformance }, 200));

  router.openapi(createRoute({
    method: 'get', path: '/collections', tags, summary: 'The collections this caller may read', request: { query: keyQuery },
    responses: { 200: jsonResponse(ogcCollectionsSchema, 'Collections') },
  }), async (c) => {
    const collections = await Promise.all((await visibleCollections(c)).map((collection) => describe(c, collection)));
    return c.json({
      links: [{ href: `${baseOf(c)}/collections${keySuffix(c, true)}`, rel: 'self', type: 'application/json' }],
      collections,
    }, 200);
  });

  router.openapi(createRoute({
    method: 'get', path: '/collections/{collectionId}', tags, summary: 'One collection', request: { params: collectionParams, query: keyQuery },
    responses: { 200: jsonResponse(ogcCollectionSchema, 'The collection'), ...keyFailures },
  }), async (c) => c.json(await describe(c, await collectionOrFail(c, c.req.valid('param').collectionId)), 200));

  router.openapi(createRoute({
    method: 'get', path: '/collections/{collectionId}/items', tags,
    summary: 'Features of a collection, a page at a time (bbox, datetime, limit, offset; unknown parameters are refused)',
    request: { params: collectionParams },
    responses: { 200: mediaResponse('application/geo+json', ogcFeatureCollectionSchema, 'A page of features'), 400: errorResponse('A malformed or unknown parameter'), ...keyFailures },
  }), async (c) => {
    const collection = await collectionOrFail(c, c.req.valid('param').collectionId);
    const query = parseOgcQuery(c.req.query());
    const { features, numberMatched } = await readOgcCollection(sql, dataKey, collection.id, { query });
    const itemsUrl = `${baseOf(c)}/collections/${collection.id}/items`;
    const pageUrl = (offset: number) => {
      const parameters = new URLSearchParams(c.req.query());
      parameters.set('limit', String(query.limit));
      parameters.set('offset', String(offset));
      return `${itemsUrl}?${parameters.toString()}`;
    };
    const links = [{ href: pageUrl(query.offset), rel: 'self', type: 'application/geo+json' }];
    if (query.offset + features.length < numberMatched) links.push({ href: pageUrl(query.offset + query.limit), rel: 'next', type: 'application/geo+json' });
    if (query.offset > 0) links.push({ href: pageUrl(Math.max(0, query.offset - query.limit)), rel: 'prev', type: 'application/geo+json' });
    links.push({ href: `${baseOf(c)}/collections/${collection.id}${keySuffix(c, true)}`, rel: 'collection', type: 'application/json' });
    return geoJson(c, {
      type: 'FeatureCollection' as const,
      timeStamp: new Date().toISOString(),
      // past the end there is no row to carry the count: say what was returned
      numberMatched: features.length === 0 && query.offset > 0 ? undefined : numberMatched,
      numberReturned: features.length,
      features,
      links,
    });
  });

  router.openapi(createRoute({
    method: 'get', path: '/collections/{collectionId}/items/{featureId}', tags, summary: 'One feature',
    request: { params: collectionParams.extend({ featureId: z.string().openapi({ param: { name: 'featureId', in: 'path' } }) }), query: keyQuery },
    responses: { 200: mediaResponse('application/geo+json', ogcFeatureItemSchema, 'The feature'), ...keyFailures },
  }), async (c) => {
    const collection = await collectionOrFail(c, c.req.valid('param').collectionId);
    const featureId = c.req.valid('param').featureId;
    // ids live in int4 columns: a larger number names no feature (and would overflow the query)
    if (parseDatabaseId(featureId) === undefined || !/^[1-9]/.test(featureId)) throw notFound('feature', `${collection.id}/${featureId}`);
    const { features } = await readOgcCollection(sql, dataKey, collection.id, { query: { limit: 1, offset: 0 }, featureId: Number(featureId) });
    const feature = features[0];
    if (!feature) throw notFound('feature', `${collection.id}/${featureId}`);
    return geoJson(c, {
      ...feature,
      links: [
        { href: `${baseOf(c)}/collections/${collection.id}/items/${featureId}${keySuffix(c, true)}`, rel: 'self', type: 'application/geo+json' },
        { href: `${baseOf(c)}/collections/${collection.id}${keySuffix(c, true)}`, rel: 'collection', type: 'application/json' },
      ],
    });
  });

  return router;
}
