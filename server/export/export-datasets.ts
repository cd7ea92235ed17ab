import type { UserViewer } from '../accounts/roles.ts';
import type { Queryable } from '../db/connect.ts';
import { zoneNameSql } from '../time/zone.ts';
import type { Bbox } from '../http/query-parameters.ts';
import { householdScopeOf } from '../households/household-scope.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { maskIdNumber, maskName, maskPhone } from '../personal-data/masking.ts';
import type { ExportTable } from './export-formats.ts';

/**
 * What each export contains. The same filters as the views the user is looking at; the same
 * scoping as the list routes (a worker: their grid's households and cases); personal fields are
 * always masked in an export — revealing is one record at a time, never a file.
 */
export const exportDatasets = ['communities', 'grids', 'workers', 'households', 'incidents', 'risk-sources'] as const;
export type ExportDataset = (typeof exportDatasets)[number];

export interface ExportFilter {
  bbox?: Bbox | undefined;
  communityId?: number | undefined;
  gridId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  category?: string | undefined;
  statuses?: string[] | undefined;
}

const inBox = (sql: Queryable, column: ReturnType<Queryable>, bbox: Bbox | undefined) =>
  bbox ? sql`and ${column} && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``;

type Row = Record<string, unknown> & { geometry: GeoJSON.Geometry | null };
const featuresOf = (rows: readonly Row[]) => rows.map(({ geometry, ...properties }) => ({ geometry, properties }));

export async function loadExportTable(
  sql: Queryable,
  dataKey: DataKey,
  viewer: UserViewer,
  dataset: ExportDataset,
  filter: ExportFilter,
): Promise<ExportTable> {
  if (dataset === 'communities') {
    const rows = await sql<Row[]>`
      select c.code, c.name, s.name as street_name, c.service_hall_address, c.duty_phone,
             (select count(*)::int from grid_versions gv where gv.community_id = c.id and gv.valid_to is null) as grid_count,
             ST_AsGeoJSON(c.boundary, 7)::json as geometry
        from communities c join streets s on s.id = c.street_id
       where true ${filter.communityId ? sql`and c.id = ${filter.communityId}` : sql``} ${inBox(sql, sql`c.boundary`, filter.bbox)}
       order by c.code`;
    return {
      name: 'communities', title: '社区台账',
      columns: [
        { key: 'code', header: '社区编码', width: 16 }, { key: 'name', header: '社区名称', width: 14 }, { key: 'streetName', header: '街道', width: 16 },
        { key: 'gridCount', header: '网格数' }, { key: 'serviceHallAddress', header: '服务大厅地址', width: 30 }, { key: 'dutyPhone', header: '值班电话', width: 16 },
      ],
      features: featuresOf(rows),
    };
  }
  if (dataset === 'grids') {
    const rows = await sql<Row[]>`
      select gv.code, gv.name, c.name as community_name, w.name as worker_name, w.duty_phone as worker_duty_phone,
             (select count(*)::int from households h where h.grid_id = gv.grid_id) as households,
             (select coalesce(sum(h.resident_count), 0)::int from households h where h.grid_id = gv.grid_id) as residents,
             round(ST_Area(gv.geometry::geography))::float8 as area_square_metres,
             to_char(gv.valid_from at time zone ${zoneNameSql(sql)}, 'YYYY-MM-DD') as valid_from,
             ST_AsGeoJSON(gv.geometry, 7)::json as geometry
        from grid_versions gv
        join communities c on c.id = gv.community_id
        left join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
        left join workers w on w.id = ga.worker_id
       where gv.valid_to is null
         ${filter.communityId ? sql`and gv.community_id = ${filter.communityId}` : sql``}
         ${filter.gridId ? sql`and gv.grid_id = ${filter.gridId}` : sql``}
         ${inBox(sql, sql`gv.geometry`, filter.bbox)}
       order by gv.code`;
    return {
      name: 'grids', title: '网格台账',
      columns: [
        { key: 'code', header: '网格编码', width: 18 }, { key: 'name', header: '网格名称', width: 16 }, { key: 'communityName', header: '所属社区' },
        { key: 'workerName', header: '网格员' }, { key: 'workerDutyPhone', header: '值班电话', width: 16 }, { key: 'households', header: '户数' },
        { key: 'residents', header: '常住人口' }, { key: 'areaSquareMetres', header: '面积（平方米）', width: 14 }, { key: 'validFrom', header: '生效日期', width: 12 },
      ],
      features: featuresOf(rows),
    };
  }
  if (dataset === 'workers') {
    const rows = await sql<Row[]>`
      select w.name, w.gender, w.duty_phone, w.duty_hours, w.phone, w.id_number, gv.code as grid_code, gv.name as grid_name,
             c.name as community_name, w.active,
             -- a worker is placed at their grid (a point inside it), so map formats (KML, shapefile) are not empty
             ST_AsGeoJSON(ST_PointOnSurface(gv.geometry), 7)::json as geometry
        from workers w
        left join grid_assignments ga on ga.worker_id = w.id and ga.ended_at is null
        left join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
        left join communities c on c.id = gv.community_id
       where true
         ${filter.communityId ? sql`and gv.community_id = ${filter.communityId}` : sql``}
         ${filter.gridId ? sql`and gv.grid_id = ${filter.gridId}` : sql``}
       order by gv.code nulls last, w.name`;
    return {
      name: 'workers', title: '网格员台账',
      columns: [
        { key: 'name', header: '姓名' }, { key: 'gender', header: '性别' }, { key: 'gridCode', header: '网格编码', width: 18 }, { key: 'gridName', header: '网格名称', width: 16 },
        { key: 'communityName', header: '所属社区' }, { key: 'dutyPhone', header: '值班电话', width: 16 }, { key: 'dutyHours', header: '值班时间', width: 16 },
        { key: 'phone', header: '手机（脱敏）', width: 16 }, { key: 'idNumber', header: '身份证号（脱敏）', width: 22 }, { key: 'active', header: '在岗' },
      ],
      features: rows.map(({ geometry, phone, idNumber, ...properties }) => {
        const id = dataKey.openOptional(idNumber as string | null);
        return { geometry, properties: { ...properties, phone: maskPhone(dataKey.openOptional(phone as string | null)), idNumber: maskIdNumber(id) } };
      }),
    };
  }
  if (dataset === 'households') {
    const scope = householdScopeOf(viewer);
    const scopeCondition = scope.kind === 'all' ? sql`true` : scope.kind === 'grid' ? sql`h.grid_id = ${scope.gridId}` : sql`false`;
    const rows = await sql<Row[]>`
      select b.complex_name, b.number as building_number, h.unit, h.room, gv.code as grid_code, gv.name as grid_name,
             h.registered_count, h.resident_count, h.floating_count, h.registered_elsewhere, h.elderly_alone, h.disability,
             h.head_name, h.head_phone, h.head_id_number, ST_AsGeoJSON(h.location, 7)::json as geometry
        from households h
        join buildings b on b.id = h.building_id
        left join grid_versions gv on gv.grid_id = h.grid_id and gv.valid_to is null
       where ${scopeCondition}
         ${filter.communityId ? sql`and b.community_id = ${filter.communityId}` : sql``}
         ${filter.gridId ? sql`and h.grid_id = ${filter.gridId}` : sql``}
         ${inBox(sql, sql`h.location`, filter.bbox)}
       order by gv.code, b.complex_name, b.number, h.unit, h.room`;
    return {
      name: 'households', title: '住户台账（脱敏）',
      columns: [
        { key: 'complexName', header: '小区' }, { key: 'buildingNumber', header: '楼栋' }, { key: 'unit', header: '单元' }, { key: 'room', header: '室' },
        { key: 'gridCode', header: '网格编码', width: 18 }, { key: 'gridName', header: '网格名称', width: 16 },
        { key: 'registeredCount', header: '户籍人数' }, { key: 'residentCount', header: '常住人数' }, { key: 'floatingCount', header: '流动人数' },
        { key: 'registeredElsewhere', header: '人户分离' }, { key: 'elderlyAlone', header: '独居老人' }, { key: 'disability', header: '残疾' },
        { key: 'headName', header: '户主（脱敏）' }, { key: 'headPhone', header: '电话（脱敏）', width: 16 }, { key: 'headIdNumber', header: '身份证号（脱敏）', width: 22 },
      ],
      features: rows.map(({ geometry, headName, headPhone, headIdNumber, ...properties }) => {
        const id = dataKey.openOptional(headIdNumber as string | null);
        const phone = dataKey.openOptional(headPhone as string | null);
        // masked for every role, as the phone and ID number: an export leaves the audit trail's reach,
        // so a full name is only ever shown by the audited reveal of one household (0026: stored sealed)
        const name = dataKey.openOptional(headName as string | null);
        return { geometry, properties: { ...properties, headName: maskName(name), headPhone: maskPhone(phone), headIdNumber: maskIdNumber(id) } };
      }),
    };
  }
  if (dataset === 'incidents') {
    const workerScope = viewer.role === 'worker' && viewer.workerId !== null
      ? sql`and (i.assigned_worker_id = ${viewer.workerId} ${viewer.currentGridId !== null ? sql`or i.grid_id = ${viewer.currentGridId}` : sql``})`
      : viewer.role === 'worker' ? sql`and false` : sql``;
    const rows = await sql<Row[]>`
      select i.tracking_code, category.name_zh as category_name, i.category_code, i.status, i.source, i.description, i.address,
             gv.code as grid_code, gv.name as grid_name, i.reported_at, i.due_at, i.closed_at,
             i.reporter_name, i.reporter_phone, ST_AsGeoJSON(i.location, 7)::json as geometry
        from incidents i
        join incident_categories category on category.code = i.category_code
        left join grid_versions gv on gv.grid_id = i.grid_id and gv.valid_to is null
       where true ${workerScope}
         ${filter.communityId ? sql`and i.community_id = ${filter.communityId}` : sql``}
         ${filter.gridId ? sql`and i.grid_id = ${filter.gridId}` : sql``}
         ${inBox(sql, sql`i.location`, filter.bbox)}
         ${filter.from ? sql`and i.reported_at >= ${filter.from}` : sql``}
         ${filter.to ? sql`and i.reported_at < ${filter.to}` : sql``}
         ${filter.category ? sql`and (i.category_code = ${filter.category} or category.major_code = ${filter.category})` : sql``}
         ${filter.statuses && filter.statuses.length > 0 ? sql`and i.status in ${sql(filter.statuses)}` : sql``}
       order by i.reported_at desc`;
    return {
      name: 'incidents', title: '事件台账',
      columns: [
        { key: 'trackingCode', header: '案件编号', width: 18 }, { key: 'categoryName', header: '类别', width: 16 }, { key: 'categoryCode', header: '类别代码' },
        { key: 'status', header: '状态' }, { key: 'source', header: '来源' }, { key: 'description', header: '描述', width: 40 }, { key: 'address', header: '地址', width: 30 },
        { key: 'gridCode', header: '网格编码', width: 18 }, { key: 'gridName', header: '网格名称', width: 16 },
        { key: 'reportedAt', header: '上报时间', width: 22 }, { key: 'dueAt', header: '期限', width: 22 }, { key: 'closedAt', header: '结案时间', width: 22 },
        { key: 'reporterName', header: '报告人（脱敏）' }, { key: 'reporterPhone', header: '报告人电话（脱敏）', width: 16 },
      ],
      features: rows.map(({ geometry, reporterName, reporterPhone, ...properties }) => ({
        geometry, properties: {
          ...properties,
          reporterName: maskName(dataKey.openOptional(reporterName as string | null)),
          reporterPhone: maskPhone(dataKey.openOptional(reporterPhone as string | null)),
        },
      })),
    };
  }
  const rows = await sql<Row[]>`
    select r.name, r.kind, r.level, c.name as community_name, r.owner_name, r.owner_phone, r.inspection_cycle_days,
           r.last_inspected_on::text as last_inspected_on, r.emergency_plan, ST_AsGeoJSON(r.geometry, 7)::json as geometry
      from risk_sources r left join communities c on c.id = r.community_id
     where true
       ${filter.communityId ? sql`and r.community_id = ${filter.communityId}` : sql``}
       ${inBox(sql, sql`r.geometry`, filter.bbox)}
     order by r.level, r.name`;
  return {
    name: 'risk-sources', title: '风险源台账',
    columns: [
      { key: 'name', header: '名称', width: 24 }, { key: 'kind', header: '类型' }, { key: 'level', header: '等级（1重大 2较大 3一般 4低）' },
      { key: 'communityName', header: '所属社区' }, { key: 'ownerName', header: '责任人（脱敏）' }, { key: 'ownerPhone', header: '责任人电话（脱敏）', width: 16 },
      { key: 'inspectionCycleDays', header: '巡查周期（天）' }, { key: 'lastInspectedOn', header: '上次巡查', width: 12 }, { key: 'emergencyPlan', header: '应急预案', width: 30 },
    ],
    features: rows.map(({ geometry, ownerName, ownerPhone, ...properties }) => ({
      geometry, properties: { ...properties, ownerName: maskName(ownerName as string | null), ownerPhone: maskPhone(ownerPhone as string | null) },
    })),
  };
}
