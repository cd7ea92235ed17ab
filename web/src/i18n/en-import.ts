import type { zhCnImport } from './zh-cn-import.ts';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const enImport: Strings<typeof zhCnImport> = {
  view: 'Import/export',
  title: 'Data import',
  steps: { upload: 'Upload', preview: 'Preview', mapping: 'Field mapping', target: 'Target', report: 'Validation', commit: 'Import' },
  upload: {
    hint: 'Drop or pick a file: GeoJSON, Shapefile (zip with .shp .shx .dbf .prj, optional .cpg), KML/KMZ, CSV, XLSX; at most 100 MB',
    encoding: 'Text encoding',
    encodingAuto: 'Detect (UTF-8, else GBK)',
    uploading: 'Uploading',
  },
  preview: {
    format: 'Format', rows: 'Rows', encoding: 'Encoding', crs: 'CRS', warnings: 'Notes', noMap: 'Tables appear on the map after field mapping', reupload: 'Read again with this encoding',
  },
  mapping: {
    geometry: 'Location from', geometryFile: 'The file\'s geometry', geometryLngLat: 'Longitude/latitude columns', geometryWkt: 'WKT column', geometryAddress: 'Address (address table)',
    longitude: 'Longitude column', latitude: 'Latitude column', column: 'Column', crs: 'CRS', crsFile: 'From the file (.prj …)', epsg: 'EPSG code', unmapped: '(not imported)',
    field: 'Field', sourceColumn: 'Column in the file',
  },
  target: {
    dateFormat: 'Date format', dateFormatAuto: 'Detect from the data', dateFormats: { YMD: 'Year-month-day (2017-12-31)', MDY: 'Month/day/year (US, 12/31/2017)', DMY: 'Day/month/year (31/12/2017)' }, timeZone: 'Time zone (IANA)', timeZonePlaceholder: 'Default: China time, Asia/Shanghai',
    target: 'Import into', community: 'Community', street: 'Street office', category: 'Default category (4 digits)', status: 'Status after import', planName: 'Draft plan name',
    targets: { communities: 'Community boundaries', grids: 'Grids (as a draft plan)', households: 'Households', incidents: 'Incidents', risk_sources: 'Risk sources' },
    statuses: { reported: 'Reported (to register)', closed: 'Closed (historical cases)' },
  },
  report: {
    dateQuestionTitle: 'Choose the date format',
    problemTotals: '{{total}} problems: {{errors}} errors, {{warnings}} warnings (errors first)',
    crsQuestionTitle: 'Which coordinate system is the file in?', crsChoices: { wgs84: 'WGS84 / CGCS2000 (GPS, Tianditu)', gcj02: 'GCJ-02 (Amap, Tencent)', bd09: 'BD-09 (Baidu)' }, crsSuggestedMark: ' (suggested)',
    gaps: 'Gaps', gapsTitle: 'Gaps between neighbouring polygons (covered by no row)', gapRows: 'Bordering rows', gapArea: 'Area',
    validate: 'Validate', revalidate: 'Validate again', ready: 'Ready', errors: 'Rows with errors', skipped: 'Skipped', overlaps: 'Overlaps', gap: 'Uncovered area',
    suggested: 'The data looks like {{crs}}: read as {{crs}}, more points fall inside the territory.', useSuggested: 'Use {{crs}}',
    makeValid: 'Repair invalid geometries automatically (ST_MakeValid)', sliver: 'Cut overlaps smaller than (m²)', skipErrors: 'Skip every row with errors', row: 'Row', severity: 'Level', problem: 'Problem',
    locate: 'Show', error: 'Error', warning: 'Note', clean: 'No problems found',
  },
  commit: { start: 'Import {{count}} rows', running: 'Importing (one transaction)', done: '{{count}} rows imported', plan: 'Draft plan #{{id}} created', again: 'Import another file', failed: 'The import failed; nothing was written' },
  back: 'Back', next: 'Next',
  refused: 'This page is for planners and administrators.',
  export: { button: 'Export', dataset: 'Data', datasets: { communities: 'Communities', grids: 'Grid ledger', workers: 'Worker ledger', households: 'Household ledger (masked)', incidents: 'Incident ledger', 'risk-sources': 'Risk-source ledger' }, formats: { geojson: 'GeoJSON', shapefile: 'Shapefile (zip)', kml: 'KML', csv: 'CSV (Excel)', xlsx: 'Excel ledger' }, note: 'Exports follow your role\'s permissions, mask personal data and are written to the audit log.' },
};
