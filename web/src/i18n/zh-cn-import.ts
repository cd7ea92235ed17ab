/** The import wizard and export menu (web/src/import). */
export const zhCnImport = {
  view: '导入导出',
  title: '数据导入',
  steps: { upload: '上传', preview: '预览', mapping: '字段映射', target: '导入目标', report: '校验报告', commit: '导入' },
  upload: {
    hint: '拖入或点击选择文件：GeoJSON、Shapefile（zip，含 .shp .shx .dbf .prj，可含 .cpg）、KML/KMZ、CSV、XLSX；不超过 100 MB',
    encoding: '文字编码',
    encodingAuto: '自动识别（UTF-8，失败则 GBK）',
    uploading: '上传中',
  },
  preview: {
    format: '格式', rows: '行数', encoding: '编码', crs: '坐标系', warnings: '提示', noMap: '表格数据在字段映射后显示于地图', reupload: '用所选编码重新读取',
  },
  mapping: {
    geometry: '位置来源', geometryFile: '文件自带几何', geometryLngLat: '经纬度列', geometryWkt: 'WKT 列', geometryAddress: '地址匹配（地址库）',
    longitude: '经度列', latitude: '纬度列', column: '列', crs: '坐标系', crsFile: '按文件（.prj 等）', epsg: 'EPSG 代码', unmapped: '（不导入）',
    field: '目标字段', sourceColumn: '文件列',
  },
  target: {
    dateFormat: '日期格式', dateFormatAuto: '按数据自动判断', dateFormats: { YMD: '年-月-日（2017-12-31）', MDY: '月/日/年（美式 12/31/2017）', DMY: '日/月/年（31/12/2017）' }, timeZone: '时区（IANA 名称）', timeZonePlaceholder: '默认北京时间 Asia/Shanghai',
    target: '导入到', community: '所属社区', street: '所属街道', category: '默认事件类别（4位）', status: '导入后状态', planName: '草案名称',
    targets: { communities: '社区边界', grids: '网格（生成规划草案）', households: '住户', incidents: '事件', risk_sources: '风险源' },
    statuses: { reported: '待立案（上报）', closed: '已结案（历史案件）' },
  },
  report: {
    dateQuestionTitle: '请选择日期格式',
    problemTotals: '共 {{total}} 个问题：错误 {{errors}} 个，提示 {{warnings}} 个（错误在前）',
    crsQuestionTitle: '请确认文件的坐标系', crsChoices: { wgs84: 'WGS84 / CGCS2000（GPS、天地图）', gcj02: 'GCJ-02（高德、腾讯）', bd09: 'BD-09（百度）' }, crsSuggestedMark: '（建议）',
    gaps: '缝隙', gapsTitle: '相邻图斑之间的缝隙（未被任何一行覆盖）', gapRows: '相邻的行', gapArea: '面积',
    validate: '校验', revalidate: '重新校验', ready: '可导入', errors: '有错误的行', skipped: '已跳过', overlaps: '重叠', gap: '未覆盖面积',
    suggested: '数据看起来是 {{crs}} 坐标：按 {{crs}} 读取时更多点落在辖区内。', useSuggested: '改用 {{crs}}',
    makeValid: '自动修复无效几何', sliver: '重叠小于此面积（m²）时裁掉', skipErrors: '跳过所有有错误的行', row: '行', severity: '级别', problem: '问题',
    locate: '定位', error: '错误', warning: '提示', clean: '没有发现问题',
  },
  commit: { start: '导入 {{count}} 行', running: '正在导入（单个事务）', done: '已导入 {{count}} 行', plan: '已生成规划草案 #{{id}}', again: '导入另一个文件', failed: '导入失败，未写入任何数据' },
  back: '上一步', next: '下一步',
  refused: '此页面供规划人员和管理员使用。',
  export: { button: '导出', dataset: '数据', datasets: { communities: '社区', grids: '网格台账', workers: '网格员台账', households: '住户台账（脱敏）', incidents: '事件台账', 'risk-sources': '风险源台账' }, formats: { geojson: 'GeoJSON', shapefile: 'Shapefile（zip）', kml: 'KML', csv: 'CSV（Excel）', xlsx: 'Excel 台账' }, note: '导出遵循角色权限，个人信息脱敏，每次导出均记入审计日志。' },
};
