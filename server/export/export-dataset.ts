import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { loadExportTable, type ExportDataset, type ExportFilter } from './export-datasets.ts';
import { kpiFilterNames } from '../analytics/kpis.repo.ts';
import { workbookLabels } from '../messages/workbook-labels.ts';
import { localDateTimeText, zoneTimeZone } from '../time/zone.ts';
import { toCsv, toGeoJson, toKml, toShapefileZip, toXlsx, type ExportFile } from './export-formats.ts';

/** A ledger's 筛选 line in words (社区、网格、类别 by name; dates in the zone): 全部 when there is none. */
async function describeExportFilter(sql: Sql, filter: ExportFilter, timeZone: string): Promise<string> {
  const names = await kpiFilterNames(sql, { from: new Date(0), to: new Date(0), ...pick(filter) });
  const parts = [
    filter.communityId ? `社区 ${names.community ?? filter.communityId}` : null,
    filter.gridId ? `网格 ${names.grid ?? filter.gridId}` : null,
    filter.category ? `类别 ${names.categoryZh ?? filter.category}` : null,
    filter.from ? `自 ${localDateTimeText(filter.from, timeZone)}` : null,
    filter.to ? `至 ${localDateTimeText(filter.to, timeZone)}` : null,
    filter.statuses?.length ? `状态 ${filter.statuses.map((status) => workbookLabels('zh-CN').incidentStatus[status] ?? status).join('、')}` : null,
    filter.bbox ? `范围 ${[filter.bbox.minLng, filter.bbox.minLat, filter.bbox.maxLng, filter.bbox.maxLat].join(',')}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? '全部' : parts.join('；');
}

function pick(filter: ExportFilter) {
  return {
    ...(filter.communityId ? { communityId: filter.communityId } : {}),
    ...(filter.gridId ? { gridId: filter.gridId } : {}),
    ...(filter.category ? { category: filter.category } : {}),
  };
}

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
  const timeZone = await zoneTimeZone(sql);
  let file: ExportFile;
  if (format === 'geojson') file = toGeoJson(table);
  else if (format === 'shapefile') file = await toShapefileZip(table, encoding ?? 'UTF-8');
  else if (format === 'kml') file = toKml(table);
  else if (format === 'csv') file = toCsv(table);
  else file = await toXlsx(table, { generatedBy: viewer.username, generatedAt: localDateTimeText(new Date(), timeZone), filter: await describeExportFilter(sql, { ...filter, statuses }, timeZone) });
  await recordAudit(sql, {
    viewer, action: `export.${dataset}`, objectType: dataset, result: 'ok', clientAddress: request.clientAddress,
    details: {
      format, encoding: format === 'shapefile' ? encoding ?? 'UTF-8' : null, filter: JSON.parse(filterDescription),
      rows: table.features.length, bytes: file.body.byteLength,
    },
  });
  return file;
}
