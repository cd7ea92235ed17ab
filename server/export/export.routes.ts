import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { exportContentTypes, exportGeoJsonSchema } from '../../contract/exports.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { errorResponse } from '../http/openapi-responses.ts';
import { bboxParameter, instantParameter } from '../http/query-parameters.ts';
import { incidentStatuses } from '../incidents/incident-statuses.ts';
import { localDate, zoneTimeZone } from '../time/zone.ts';
import { exportDataset } from './export-dataset.ts';
import { exportDatasets, type ExportDataset } from './export-datasets.ts';
import { exportFormats } from './export-formats.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const binary = z.string().openapi({ format: 'binary' });

const optionalId = (name: string) =>
  z.string().regex(databaseIdPattern).transform(Number).optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

const exportQuery = z.object({
  format: z.enum(exportFormats).openapi({ param: { name: 'format', in: 'query' } }),
  encoding: z.enum(['UTF-8', 'GBK']).optional().openapi({ param: { name: 'encoding', in: 'query' }, description: 'Shapefile attribute encoding (default UTF-8); the .cpg names it' }),
  bbox: bboxParameter.optional(),
  communityId: optionalId('communityId'),
  gridId: optionalId('gridId'),
  from: instantParameter('from').optional(),
  to: instantParameter('to').optional(),
  category: z.string().regex(/^[0-9]{2}([0-9]{2})?$/).optional(),
  status: z.string().optional().transform((text, context) => {
    if (text === undefined) return undefined;
    const statuses = text.split(',').map((part) => part.trim()).filter(Boolean);
    const unknown = statuses.filter((status) => !(incidentStatuses as readonly string[]).includes(status));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', params: { problem: 'unknown_status', statuses: unknown.join(', ') } });
      return z.NEVER;
    }
    return statuses;
  }),
});

/**
 * Exports of what a user is looking at (issue 11): GET /api/exports/{dataset}?format=… with the
 * view's filters. One route per dataset so that each has its own access rule; every export is
 * written to the audit log with its filters and row count.
 */
export function createExportRoutes({ database, dataKey }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  for (const dataset of exportDatasets) {
    router.openapi(
      createRoute({
        method: 'get',
        path: `/exports/${dataset}`,
        tags: ['import and export'],
        summary: `Export ${dataset} as GeoJSON, zipped Shapefile, KML, CSV or an XLSX ledger (audited; personal fields masked)`,
        request: { query: exportQuery },
        responses: {
          200: {
            content: {
              [exportContentTypes.geojson]: { schema: exportGeoJsonSchema },
              [exportContentTypes.shapefile]: { schema: binary },
              [exportContentTypes.kml]: { schema: z.string() },
              [exportContentTypes.csv]: { schema: z.string() },
              [exportContentTypes.xlsx]: { schema: binary },
            },
            description: 'The file, in the format asked for',
          },
          400: errorResponse('A malformed filter'),
        },
      }),
      async (c) => {
        const { format, encoding, status, ...filter } = c.req.valid('query');
        if (filter.from && filter.to && filter.from >= filter.to) throw invalidRequest([problem('to', 'not_after_from', {})]);
        const file = await exportDataset(sql, dataKey, signedInViewer(c.get('viewer')), {
          dataset: dataset as ExportDataset, format, encoding, filter, statuses: status, clientAddress: c.get('clientAddress'),
        });
        const stamp = localDate(new Date(), await zoneTimeZone(sql));
        return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': file.contentType,
          'Content-Disposition': `attachment; filename="gridatlas-${dataset}-${stamp}.${file.extension}"`,
          'Cache-Control': 'no-store',
        });
      },
    );
  }
  return router;
}
