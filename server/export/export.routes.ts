import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest } from '../http/failure.ts';
import { bboxParameter, instantParameter } from '../http/query-parameters.ts';
import { incidentStatuses } from '../incidents/incident-statuses.ts';
import { exportDatasets, loadExportTable, type ExportDataset } from './export-datasets.ts';
import { exportFormats, toCsv, toGeoJson, toKml, toShapefileZip, toXlsx, type ExportFile } from './export-formats.ts';

const optionalId = (name: string) =>
  z.string().regex(/^[1-9][0-9]{0,9}$/, `${name} must be a positive integer`).transform(Number).optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

const exportQuery = z.object({
  format: z.enum(exportFormats).openapi({ param: { name: 'format', in: 'query' } }),
  encoding: z.enum(['UTF-8', 'GBK']).optional().openapi({ param: { name: 'encoding', in: 'query' }, description: 'Shapefile attribute encoding (default UTF-8); the .cpg names it' }),
  bbox: bboxParameter.optional(),
  communityId: optionalId('communityId'),
  gridId: optionalId('gridId'),
  from: instantParameter('from').optional(),
  to: instantParameter('to').optional(),
  category: z.string().regex(/^[0-9]{2}([0-9]{2})?$/, 'category must be a 2- or 4-digit category code').optional(),
  status: z.string().optional().transform((text, context) => {
    if (text === undefined) return undefined;
    const statuses = text.split(',').map((part) => part.trim()).filter(Boolean);
    const unknown = statuses.filter((status) => !(incidentStatuses as readonly string[]).includes(status));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', message: `unknown status ${unknown.join(', ')}` });
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
        responses: { 200: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The file' } },
      }),
      async (c) => {
        const viewer = signedInViewer(c.get('viewer'));
        const { format, encoding, status, ...filter } = c.req.valid('query');
        if (filter.from && filter.to && filter.from >= filter.to) throw invalidRequest([{ field: 'to', message: 'to must be later than from' }]);
        const table = await loadExportTable(sql, dataKey, viewer, dataset as ExportDataset, { ...filter, statuses: status });
        const filterDescription = JSON.stringify({ ...filter, ...(status ? { status } : {}) });
        let file: ExportFile;
        if (format === 'geojson') file = toGeoJson(table);
        else if (format === 'shapefile') file = await toShapefileZip(table, encoding ?? 'UTF-8');
        else if (format === 'kml') file = toKml(table);
        else if (format === 'csv') file = toCsv(table);
        else file = await toXlsx(table, viewer.username, filterDescription);
        await recordAudit(sql, {
          viewer, action: `export.${dataset}`, objectType: dataset, result: 'ok', clientAddress: c.get('clientAddress'),
          details: { format, encoding: format === 'shapefile' ? encoding ?? 'UTF-8' : null, filter: JSON.parse(filterDescription), rows: table.features.length, bytes: file.body.byteLength },
        });
        const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
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
