import type { Queryable } from '../db/connect.ts';
import type { Locale } from '../messages/message-catalogue.ts';
import { workbookLabels } from '../messages/workbook-labels.ts';
import type { Bbox } from '../http/query-parameters.ts';
import { localDateTimeText } from '../time/zone.ts';
import { filterNames, type FilterIds } from './filter-names.repo.ts';

/** What a workbook's filter line may say: the ids named, the period, statuses, the map's box. */
export interface DescribedFilter extends FilterIds {
  from?: Date | undefined;
  to?: Date | undefined;
  statuses?: string[] | undefined;
  bbox?: Bbox | undefined;
}

/**
 * A filter as the reader says it, for the line under a workbook's title (the KPI report, dataset
 * ledgers): 社区 滨湖社区；类别 市容环境 — names instead of ids, times in the zone, statuses in words;
 * 全域 when nothing narrows it. Used when a workbook is written, never on a hot path.
 */
export async function describeFilter(sql: Queryable, filter: DescribedFilter, reader: { locale: Locale; timeZone: string }): Promise<string> {
  const labels = workbookLabels(reader.locale);
  const { parts: part, none, separator } = labels.filter;
  const names = await filterNames(sql, filter);
  const category = reader.locale === 'en' ? names.categoryEn : names.categoryZh;
  const { bbox } = filter;
  const parts = [
    filter.communityId !== undefined ? `${part.community} ${names.community ?? filter.communityId}` : null,
    filter.gridId !== undefined ? `${part.grid} ${names.grid ?? filter.gridId}` : null,
    filter.workerId !== undefined ? `${part.worker} ${names.worker ?? filter.workerId}` : null,
    filter.category !== undefined ? `${part.category} ${category ?? filter.category}` : null,
    filter.from ? `${part.from} ${localDateTimeText(filter.from, reader.timeZone)}` : null,
    filter.to ? `${part.to} ${localDateTimeText(filter.to, reader.timeZone)}` : null,
    filter.statuses?.length ? `${part.status} ${filter.statuses.map((status) => labels.incidentStatus[status] ?? status).join('、')}` : null,
    bbox ? `${part.bbox} ${[bbox.minLng, bbox.minLat, bbox.maxLng, bbox.maxLat].join(',')}` : null,
  ].filter((text): text is string => text !== null);
  return parts.length === 0 ? none : parts.join(separator);
}
