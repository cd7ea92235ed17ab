/**
 * zh-CN messages of the import wizard's validation report (server/import/validate-import.ts,
 * prepare-rows.ts): each row problem and the CRS question carries `code` + `params`; the
 * message is rendered from here in the reader's language. `row`/`rows` are 1-based file rows.
 */
const crsZh = (kind: string) => ({ wgs84: 'WGS84/CGCS2000', gcj02: 'GCJ-02（高德、腾讯）', bd09: 'BD-09（百度）' } as Record<string, string>)[kind] ?? kind;
const targetZh = (target: string) => ({ grids: '网格', communities: '社区', incidents: '事件', households: '住户', risk_sources: '风险源' } as Record<string, string>)[target] ?? target;
const shapeZh = (shape: string) => ({
  not_number_pair: '有坐标不是数对', ring_too_short: '有少于 4 个点的环', ring_not_closed: '有未闭合的环', line_not_pairs: '有不是数对序列的线',
  empty_polygon: '是空多边形', empty_multipolygon: '是空的多多边形', not_geojson: '不是 GeoJSON 几何',
} as Record<string, string>)[shape] ?? shape;
const formatZh = (format: string) => ({ YMD: '年-月-日', MDY: '月/日/年（美式）', DMY: '日/月/年（欧式）' } as Record<string, string>)[format] ?? format;
const list = (rows: number[]) => rows.join('、');
/** Why PostGIS finds a geometry invalid (server/db/geometry-validity.ts codes), in words. */
const geometryReasonZh = (code: string) => ({
  self_intersection: '自相交', ring_self_intersection: '环自相交', too_few_points: '点数过少', hole_outside_shell: '内环位于外环之外',
  nested_holes: '内环相互嵌套', interior_disconnected: '内部不连通', nested_shells: '外环相互嵌套', duplicate_rings: '环重复',
  invalid_coordinate: '坐标无效', ring_not_closed: '环未闭合',
} as Record<string, string>)[code] ?? '其他原因';

export const importReportZh = {
  // what the upload's reader had to guess (read-upload.ts)
  upload_no_prj: () => '缺少 .prj 文件：坐标系将根据坐标推测',
  upload_no_cpg: (p: { encoding: string; source: string }) => `缺少 .cpg 文件：属性按 ${p.encoding} 读取（${p.source === 'override' ? '您的选择' : '自动检测'}）；如名称显示为乱码，请更换编码`,
  upload_csv_row: (p: { row: number; problem: string }) => `第 ${p.row} 行：${({ TooFewFields: '列数少于表头', TooManyFields: '列数多于表头', MissingQuotes: '引号未闭合', InvalidQuotes: '引号使用有误', UndetectableDelimiter: '无法识别分隔符' } as Record<string, string>)[p.problem] ?? '格式有误'}`,
  // geometry read from the file or columns
  missing_geometry: (p: { column?: string }) => (p.column ? `${p.column} 为空，没有几何` : '该行没有几何'),
  missing_coordinates: (p: { longitude: string; latitude: string }) => `经度或纬度为空（${p.longitude}、${p.latitude}）`,
  unparseable_coordinates: (p: { longitude: string; latitude: string }) => `坐标不是数字：${p.longitude}, ${p.latitude}`,
  swapped_coordinates: (p: { longitude: number; latitude: number }) => `纬度 ${p.latitude} 超出范围，而经度 ${p.longitude} 像纬度：经度列和纬度列是否填反了？`,
  coordinates_out_of_range: (p: { longitude: number; latitude: number; projected?: boolean }) =>
    p.projected ? `换算后坐标 ${p.longitude}, ${p.latitude} 超出范围：请选择正确的坐标系` : `坐标 ${p.longitude}, ${p.latitude} 超出 -180..180 / -90..90：文件可能是投影坐标（米），请选择其 EPSG 代码`,
  unparseable_wkt: (p: { column: string; text: string }) => `${p.column} 不是 WKT：${p.text}`,
  malformed_geometry: (p: { shape: string }) => `几何${shapeZh(p.shape)}`,
  too_many_vertices: (p: { vertices: number; limit: number }) => `几何有 ${p.vertices} 个顶点，上限为 ${p.limit}：请先简化（如 ogr2ogr -simplify）`,
  formula_in_cell: (p: { column: string; value: string }) => `${p.column} 含电子表格公式（${p.value}）：请删除或跳过该行`,
  // geometry checked in PostGIS
  projection_failed: (p: { crs: string }) => `无法从 ${p.crs} 换算该几何`,
  wrong_geometry_type: (p: { target: string; expected: 'polygon' | 'point'; found: string }) =>
    `${targetZh(p.target)}需要${p.expected === 'polygon' ? '面（多边形）' : '点'}，该行是 ${p.found}`,
  made_valid: (p: { reason: string; areaSquareMetres: number }) => `已自动修复（${geometryReasonZh(p.reason)}），修复后面积 ${p.areaSquareMetres} m²`,
  invalid_geometry: (p: { reason: string }) => `几何无效：${geometryReasonZh(p.reason)}——可勾选自动修复或跳过该行`,
  address_not_found: (p: { address: string }) => `地址库中没有与“${p.address}”匹配的楼栋`,
  sliver_removed: (p: { otherRow: number; areaSquareMetres: number; toleranceSquareMetres: number }) =>
    `与第 ${p.otherRow} 行 ${p.areaSquareMetres} m² 的重叠已从本行裁掉（容差 ${p.toleranceSquareMetres} m²）`,
  overlap: (p: { otherRow: number; areaSquareMetres: number }) => `与第 ${p.otherRow} 行重叠 ${p.areaSquareMetres} m²`,
  gap: (p: { otherRows: number[]; areaSquareMetres: number }) => `与第 ${list(p.otherRows)} 行之间留有 ${p.areaSquareMetres} m² 的缝隙`,
  outside_community: (p: { areaSquareMetres: number }) => `有 ${p.areaSquareMetres} m² 在社区边界之外`,
  outside_territory: () => '不在任何网格和社区内',
  outside_grids: () => '不在任何网格内',
  // fields
  missing_field: (p: { field: string; label: string }) => `${p.label}（${p.field}）为空`,
  text_too_long: (p: { field: string; maximum: number }) => `${p.field} 超过 ${p.maximum} 个字符`,
  code_format: (p: { code: string; digits: number }) => `编码 ${p.code} 应为 ${p.digits} 位数字`,
  count_out_of_range: (p: { field: string; value: string }) => `${p.field} 应为 0 到 50 的整数（实际为 ${p.value}）`,
  id_number_format: () => '户主身份证号不是 18 位身份证号',
  missing_category: () => '没有事件类别：请映射类别列或选择默认类别',
  unknown_category: (p: { code: string }) => `未知的小类代码 ${p.code}`,
  not_a_date: (p: { field: string; value: string }) => `${p.field} 的值 ${p.value} 不是日期（如 2026-05-01 08:30）`,
  date_out_of_range: (p: { field: string; value: string; minimumYear: number; maximumYear: number }) =>
    `${p.field} 的值 ${p.value} 不是有效日期，或不在 ${p.minimumYear}–${p.maximumYear} 年之间`,
  ambiguous_date_format: (p: { field: string; example: string }) =>
    `${p.field} 的日期写法有歧义（如 ${p.example} 可读作月/日或日/月）：请在导入设置中选择日期格式`,
  duplicate_tracking_code: (p: { trackingCode: string }) => `案件编号 ${p.trackingCode} 在系统中已存在`,
  unknown_risk_kind: (p: { kind: string; kinds: string }) => `未知的风险源类型 ${p.kind}；请用 ${p.kinds} 或 加油站/工地/市场/学校/…`,
  unknown_risk_level: (p: { level: string }) => `未知的等级 ${p.level}；请用 1–4 或 重大/较大/一般/低`,
  inspection_cycle_invalid: () => '巡查周期（天）应为正整数',
  duplicate: (p: { otherRow: number; key: string }) => `与第 ${p.otherRow} 行重复（${p.key}）`,
  // the CRS question (report.crsQuestion)
  crs_undeclared_china: (p: { suggested: string; measured: boolean }) =>
    `文件没有声明坐标系，坐标位于中国境内：它可能是 WGS84/CGCS2000、GCJ-02（高德、腾讯）或 BD-09（百度）。请确认。建议按 ${crsZh(p.suggested)} 读取${p.measured ? '（按此读取与辖区的网格、楼栋吻合得最好）' : '（国内网络地图导出的数据通常如此）'}。`,
  date_format_name: (p: { format: string }) => formatZh(p.format),
};

/** Refusals of a whole validation (nothing is reported row by row); statuses below. */
export const importReportFailuresZh = {
  import_projection_failed: (p: { crs: string }) => `无法从 ${p.crs} 换算坐标：请检查所选坐标系`,
  import_union_failed: () => '无法合并导入的多边形以查找缝隙（几何运算失败）：请检查几何',
};

export const importReportFailureStatuses = { import_projection_failed: 422, import_union_failed: 422 } as const;

/** Field problems of the wizard's settings (details.fields of an invalid_request). */
export const importSettingsProblemsZh = {
  import_file_not_multipart: () => '请以 multipart/form-data 上传，文件放在字段 file 中',
  import_file_missing: () => '字段 file 中没有上传文件',
  import_encoding_unknown: () => '编码只能是 UTF-8 或 GBK',
  import_community_required: () => '请选择网格所属的社区',
  import_street_required: () => '请选择社区所属的街道',
  address_locates_points: () => '地址只能定位点：请用于事件或住户',
  import_field_unmapped: (p: { label: string }) => `请为“${p.label}”选择文件中的列`,
};

/**
 * zh-CN messages of the import commit (server/import/commit-import.ts, territory-fit.ts,
 * server/plans/import-communities-into-plan.ts, server/incidents/import-historic-incidents.ts):
 * refusals of the commit, the failed job's reason, and the report's row problems about territory
 * and case status (rendered again in the reader's language by server/messages/localise-answer.ts).
 */
/** Why an uploaded file cannot be read (server/import/read-upload.ts, dbf-reader.ts, zip-limits.ts): `reason` picks the sentence. */
export type UploadRefusal = {
  reason: string; name?: string; extension?: string; found?: string; count?: number; limit?: number; shapes?: number; rows?: number; what?: string; feature?: number;
};
const uploadRefusalsZh: Record<string, (p: UploadRefusal) => string> = {
  empty_file: () => '文件是空的',
  corrupt_zip: () => 'zip 压缩包已损坏，无法打开',
  shapefile_not_zipped: () => 'Shapefile 请打包成一个 .zip 上传（含 .shp、.shx、.dbf、.prj，有 .cpg 也一并放入）',
  old_xls: () => '不支持旧版 .xls 工作簿：请另存为 .xlsx',
  corrupt_xlsx: () => '.xlsx 工作簿已损坏或无法读取',
  unknown_format: (p) => `不支持的文件类型${p.extension ? ` .${p.extension}` : ''}：请上传 GeoJSON、打包的 Shapefile、KML/KMZ、CSV 或 XLSX`,
  no_rows: () => '文件中没有任何行或要素',
  too_many_vertices: (p) => `第 ${p.feature} 个要素有 ${p.count?.toLocaleString('zh-CN')} 个顶点，超过每个要素 ${p.limit?.toLocaleString('zh-CN')} 个的上限：请先简化（如 ogr2ogr -simplify 0.00001）再上传`,
  too_many_rows: (p) => `文件有 ${p.count?.toLocaleString('zh-CN')} 行，超过 ${p.limit?.toLocaleString('zh-CN')} 行的上限：请拆分后上传`,
  zip_without_shp: (p) => `压缩包中没有 .shp 文件（其中有：${p.found || '无'}）；打包的 Shapefile 需要 .shp、.shx 和 .dbf`,
  shapefile_without_dbf: (p) => `${p.name} 旁边缺少同名的 .dbf 文件`,
  corrupt_shp: (p) => `${p.name} 已损坏，无法读取`,
  shp_dbf_mismatch: (p) => `${p.name} 有 ${p.shapes} 个图形，而 .dbf 有 ${p.rows} 行：两者不是同一份数据`,
  corrupt_json: () => 'GeoJSON 不是有效的 JSON',
  not_geojson: () => '该 JSON 不是 GeoJSON：应为 FeatureCollection、Feature 或几何对象',
  corrupt_kml: () => 'KML 不是格式正确的 XML',
  csv_without_columns: () => 'CSV 中找不到可识别的列（列之间没有逗号、分号或制表符）',
  unknown_encoding: (p) => `${p.what ?? '文件'}中的文字既不是 UTF-8 也不是 GBK：请另存为 UTF-8（或附上 .cpg）后重新上传`,
  corrupt_dbf: () => '.dbf 文件过短、被截断或已损坏',
};

export const importFailuresZh = {
  /** `reason` names what is wrong with the file (uploadRefusalsZh); nothing is stored */
  import_file_refused: (p: UploadRefusal) => (uploadRefusalsZh[p.reason] ?? (() => `无法读取该文件（${p.reason}）`))(p),
  import_too_large: (p: { limitMegabytes: number }) => `文件超过 ${p.limitMegabytes} MB：请拆分，或将 Shapefile 打包成 zip`,
  import_nothing_ready: () => '没有可导入的行：请修正或跳过有错误的行',
  import_rows_have_errors: (p: { count: number }) => `仍有 ${p.count} 行存在错误：请修正或跳过这些行，然后重新校验`,
  import_already_committed: (p: { id: number }) => `导入任务 ${p.id} 已经导入过`,
  import_not_validated: () => '请先校验导入内容，再执行导入',
  /** something unforeseen stopped the writing: everything was rolled back */
  import_commit_failed: () => '导入过程中出错，已全部回滚，未写入任何数据',
  community_outside_street: (p: { name: string; street: string }) => `社区${p.name}整块位于街道${p.street}辖区之外，无法导入`,
  community_code_taken: (p: { code: string }) => `社区编码 ${p.code} 已被使用`,
  import_street_without_territory: (p: { name: string }) => `街道${p.name}既没有边界，也没有社区，无法判断导入的社区是否在其辖区内：请先设置街道边界`,
};

export const importFailureStatusesZh: { readonly [C in keyof typeof importFailuresZh]: number } = {
  import_file_refused: 422,
  import_too_large: 413,
  import_nothing_ready: 422,
  import_rows_have_errors: 422,
  import_already_committed: 409,
  import_not_validated: 409,
  import_commit_failed: 500,
  import_street_without_territory: 422,
  community_outside_street: 422,
  community_code_taken: 409,
};

/** Row problems of the validation report (code + params; `message` rendered from here). */
export const importProblemsZh = {
  import_clipped_to_community: (p: { areaSquareMetres: number }) => `有 ${p.areaSquareMetres} 平方米位于社区边界之外，导入时将按社区边界裁剪`,
  import_outside_community: () => '整块位于社区边界之外（或裁剪后只剩碎片），无法导入',
  import_clipped_to_street: (p: { areaSquareMetres: number }) => `有 ${p.areaSquareMetres} 平方米位于街道辖区之外，导入时将按街道辖区裁剪`,
  import_outside_street: () => '整块位于街道辖区之外（或裁剪后只剩碎片），无法导入',
  import_overlaps_live_community: (p: { name: string; areaSquareMetres: number }) => `与现有社区${p.name}重叠 ${p.areaSquareMetres} 平方米：社区之间不得交叉重叠`,
  import_community_code_taken: (p: { code: string }) => `社区编码 ${p.code} 已被现有社区使用`,
  import_community_code_other_street: (p: { code: string; streetCode: string }) => `社区编码 ${p.code} 不在本街道编码 ${p.streetCode} 之下`,
  import_status_not_reproducible: (p: { status: string }) => `状态“${p.status}”无法按案件流程重现：只能导入“上报”（reported）或“结案”（closed）的案件`,
  import_closed_before_reported: () => '结案时间早于上报时间',
  import_closed_at_not_a_date: (p: { value: string }) => `结案时间“${p.value}”不是有效日期（如 2026-05-01 08:30）`,
};

export const importNotesZh = {
  imported_case: (p: { fileName: string; row: number }) => `由文件 ${p.fileName} 第 ${p.row} 行导入的历史记录`,
};
