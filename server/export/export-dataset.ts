import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { loadExportTable, type ExportDataset, type ExportFilter } from './export-datasets.ts';
import { localDateTimeText, zoneTimeZone } from '../time/zone.ts';
import { describeFilter } from './describe-filter.ts';
import { toCsv, toGeoJson, toKml, toShapefileZip, toXlsx, type ExportFile } from './export-formats.ts';

/**
 * One export (GET /api/exports/{dataset}): the view's rows in the caller's scope, personal fields
 * masked, written in the chosen format, and an audit row with the filters and the row count.
 */
export async function exportDataset(
  sql: Sql,
  dataKey: DataKey,
  viewer: UserViewer,
  request: {
    dataset: ExportDataset;
    format: 'geojson' | 'shapefile' | 'kml' | 'csv' | 'xlsx';
    encoding: 'UTF-8' | 'GBK' | undefined;
    filter: Omit<ExportFilter, 'statuses'>;
    statuses: string[] | undefined;
    clientAddress: string;
  },
): Promise<ExportFile> {
  const { dataset, format, encoding, filter, statuses } = request;
  const table = await loadExportTable(sql, dataKey, viewer, dataset, { ...filter, statuses });
  const filterDescription = JSON.stringify({ ...filter, ...(statuses ? { status: statuses } : {}) });
  let file: ExportFile;
  if (format === 'geojson') file = toGeoJson(table);
  else if (format === 'shapefile') file = await toShapefileZip(table, encoding ?? 'UTF-8');
  else if (format === 'kml') file = toKml(table);
  else if (format === 'csv') file = toCsv(table);
  else {
    // ledgers are Chinese (their column headers are the office's): the line under the title too
    const reader = { locale: 'zh-CN' as const, timeZone: await zoneTimeZone(sql) };
    const line = { generatedBy: viewer.username, generatedAt: localDateTimeText(new Date(), reader.timeZone), filter: await describeFilter(sql, { ...filter, statuses }, reader) };
    file = await toXlsx(table, line);
  }
  await recordAudit(sql, {
    viewer, action: `export.${dataset}`, objectType: dataset, result: 'ok', clientAddress: request.clientAddress,
    details: {
      format, encoding: format === 'shapefile' ? encoding ?? 'UTF-8' : null, filter: JSON.parse(filterDescription),
      rows: table.features.length, bytes: file.body.byteLength,
    },
  });
  return file;
}
