import type { importFailuresZh, importNotesZh, importProblemsZh, importReportFailuresZh, importReportZh, importSettingsProblemsZh, UploadRefusal } from './zh-cn-import.ts';

/** Why PostGIS finds a geometry invalid (server/db/geometry-validity.ts codes), in words. */
const geometryReasonEn = (code: string) => ({
  self_intersection: 'self-intersection', ring_self_intersection: 'ring self-intersection', too_few_points: 'too few points', hole_outside_shell: 'a hole lies outside its shell',
  nested_holes: 'nested holes', interior_disconnected: 'the interior is disconnected', nested_shells: 'nested shells', duplicate_rings: 'duplicate rings',
  invalid_coordinate: 'an invalid coordinate', ring_not_closed: 'a ring is not closed',
} as Record<string, string>)[code] ?? 'another reason';
const crsEn = (kind: string) => ({ wgs84: 'WGS84/CGCS2000', gcj02: 'GCJ-02 (Amap, Tencent)', bd09: 'BD-09 (Baidu)' } as Record<string, string>)[kind] ?? kind;
const shapeEn = (shape: string) => ({
  not_number_pair: 'has a coordinate that is not a number pair', ring_too_short: 'has a ring with fewer than 4 points', ring_not_closed: 'has a ring that is not closed',
  line_not_pairs: 'has a line that is not a list of number pairs', empty_polygon: 'is an empty polygon', empty_multipolygon: 'is an empty multipolygon', not_geojson: 'is not a GeoJSON geometry',
} as Record<string, string>)[shape] ?? shape;

/** English messages of the import validation report: the same keys and params as zh-cn-import.ts. */
export const importReportEn: typeof importReportZh = {
  upload_no_prj: () => 'No .prj: the coordinate system is guessed from the coordinates',
  upload_no_cpg: (p) => `No .cpg: the attributes were read as ${p.encoding} (${p.source === 'override' ? 'your choice' : 'detected'}); change it if names look wrong`,
  upload_csv_row: (p) => `Row ${p.row}: ${({ TooFewFields: 'fewer columns than the header', TooManyFields: 'more columns than the header', MissingQuotes: 'a quote is not closed', InvalidQuotes: 'quotes are misused', UndetectableDelimiter: 'the delimiter cannot be recognised' } as Record<string, string>)[p.problem] ?? 'malformed'}`,
  missing_geometry: (p) => (p.column ? `${p.column} is empty` : 'The row has no geometry'),
  missing_coordinates: (p) => `Longitude or latitude is empty (${p.longitude}, ${p.latitude})`,
  unparseable_coordinates: (p) => `Coordinates are not numbers: ${p.longitude}, ${p.latitude}`,
  swapped_coordinates: (p) => `Latitude ${p.latitude} is out of range but longitude ${p.longitude} would fit it: are the longitude and latitude columns swapped?`,
  coordinates_out_of_range: (p) => (p.projected
    ? `After projection the coordinates ${p.longitude}, ${p.latitude} are out of range: choose the right CRS`
    : `Coordinates ${p.longitude}, ${p.latitude} are outside -180..180 / -90..90: the file is probably in a projected CRS — choose its EPSG code`),
  unparseable_wkt: (p) => `${p.column} is not WKT: ${p.text}`,
  malformed_geometry: (p) => `The geometry ${shapeEn(p.shape)}`,
  too_many_vertices: (p) => `The geometry has ${p.vertices} vertices; the limit is ${p.limit} — simplify it (e.g. ogr2ogr -simplify) first`,
  formula_in_cell: (p) => `${p.column} holds a spreadsheet formula (${p.value}); remove it or skip the row`,
  projection_failed: (p) => `The geometry could not be projected from ${p.crs}`,
  wrong_geometry_type: (p) => `A ${p.target} row needs a ${p.expected}; this row has a ${p.found}`,
  made_valid: (p) => `Repaired automatically (${geometryReasonEn(p.reason)}); area now ${p.areaSquareMetres} m²`,
  invalid_geometry: (p) => `Invalid geometry: ${geometryReasonEn(p.reason)} — tick automatic repair or skip the row`,
  address_not_found: (p) => `No building in the address table matches "${p.address}"`,
  sliver_removed: (p) => `A ${p.areaSquareMetres} m² overlap with row ${p.otherRow} was cut from this polygon (tolerance ${p.toleranceSquareMetres} m²)`,
  overlap: (p) => `Overlaps row ${p.otherRow} by ${p.areaSquareMetres} m²`,
  gap: (p) => `Leaves a ${p.areaSquareMetres} m² gap with rows ${p.otherRows.join(', ')}`,
  outside_community: (p) => `${p.areaSquareMetres} m² lie outside the community boundary`,
  outside_territory: () => 'Falls in no grid and no community',
  outside_grids: () => 'Falls in no grid',
  missing_field: (p) => `${p.label} (${p.field}) is empty`,
  text_too_long: (p) => `${p.field} is longer than ${p.maximum} characters`,
  code_format: (p) => `Code ${p.code} must be ${p.digits} digits`,
  count_out_of_range: (p) => `${p.field} must be a whole number from 0 to 50 (got ${p.value})`,
  id_number_format: () => 'headIdNumber is not an 18-character ID number',
  missing_category: () => 'No category: map a category column or choose a default category',
  unknown_category: (p) => `Unknown minor category ${p.code}`,
  not_a_date: (p) => `${p.field} ${p.value} is not a date (use 2026-05-01 08:30)`,
  date_out_of_range: (p) => `${p.field} ${p.value} is not a real date or lies outside ${p.minimumYear}–${p.maximumYear}`,
  ambiguous_date_format: (p) => `The dates in ${p.field} are ambiguous (${p.example} reads as month/day or day/month): choose the date format`,
  duplicate_tracking_code: (p) => `Tracking code ${p.trackingCode} already exists in GridAtlas`,
  unknown_risk_kind: (p) => `Unknown risk-source kind ${p.kind}; use ${p.kinds} or 加油站/工地/市场/学校/…`,
  unknown_risk_level: (p) => `Unknown level ${p.level}; use 1–4 or 重大/较大/一般/低`,
  inspection_cycle_invalid: () => 'inspectionCycleDays must be a positive whole number',
  duplicate: (p) => `Duplicate of row ${p.otherRow} (${p.key})`,
  crs_undeclared_china: (p) => `The file declares no coordinate system and its coordinates lie in China: it may be WGS84/CGCS2000, GCJ-02 (Amap, Tencent) or BD-09 (Baidu). Please confirm. Suggested: ${crsEn(p.suggested)}${p.measured ? ' (it fits the territory\'s grids and buildings best)' : ' (the usual case for Chinese web-map exports)'}.`,
  date_format_name: (p) => ({ YMD: 'year-month-day', MDY: 'month/day/year (US)', DMY: 'day/month/year' } as Record<string, string>)[p.format] ?? p.format,
};

export const importReportFailuresEn: typeof importReportFailuresZh = {
  import_projection_failed: (p) => `The coordinates cannot be projected from ${p.crs}: check the chosen CRS`,
  import_union_failed: () => 'The imported polygons could not be merged to look for gaps between them (a geometry operation failed): check the geometries',
};

export const importSettingsProblemsEn: typeof importSettingsProblemsZh = {
  import_file_not_multipart: () => 'send the file as multipart/form-data in the field "file"',
  import_file_missing: () => 'no file was uploaded in the field "file"',
  import_encoding_unknown: () => 'encoding must be UTF-8 or GBK',
  import_community_required: () => 'choose the community the grids belong to',
  import_street_required: () => 'choose the street office the communities belong to',
  address_locates_points: () => 'addresses locate points: use them for incidents or households',
  import_field_unmapped: (p) => `map a column to ${p.label}`,
};


type Same<T> = { [K in keyof T]: T[K] };

const uploadRefusalsEn: Record<string, (p: UploadRefusal) => string> = {
  empty_file: () => 'The file is empty',
  corrupt_zip: () => 'The zip file is corrupted and cannot be opened',
  shapefile_not_zipped: () => 'Upload the shapefile as one .zip holding .shp, .shx, .dbf and .prj (and .cpg if you have it)',
  old_xls: () => 'Old .xls workbooks are not read; save as .xlsx',
  corrupt_xlsx: () => 'The .xlsx workbook is corrupted or cannot be read',
  unknown_format: (p) => `Unknown file type${p.extension ? ` .${p.extension}` : ''}: upload GeoJSON, a zipped Shapefile, KML/KMZ, CSV or XLSX`,
  no_rows: () => 'The file holds no rows or features',
  too_many_vertices: (p) => `Feature ${p.feature} has ${p.count?.toLocaleString('en')} vertices; the limit is ${p.limit?.toLocaleString('en')} per feature — simplify it (e.g. ogr2ogr -simplify 0.00001) and upload again`,
  too_many_rows: (p) => `The file holds ${p.count?.toLocaleString('en')} rows; split it into files of at most ${p.limit?.toLocaleString('en')}`,
  zip_without_shp: (p) => `The zip holds no .shp file (it has: ${p.found || 'nothing'}); a zipped Shapefile needs .shp, .shx and .dbf`,
  shapefile_without_dbf: (p) => `${p.name} has no .dbf beside it in the zip`,
  corrupt_shp: (p) => `${p.name} is corrupted and cannot be read`,
  shp_dbf_mismatch: (p) => `${p.name} has ${p.shapes} shapes but the .dbf has ${p.rows} rows; the files do not belong together`,
  corrupt_json: () => 'The GeoJSON is not valid JSON',
  not_geojson: () => 'The JSON is not GeoJSON: expected a FeatureCollection, a Feature or a geometry',
  corrupt_kml: () => 'The KML is not well-formed XML',
  csv_without_columns: () => 'The CSV has no recognisable columns (no comma, semicolon or tab between them)',
  unknown_encoding: (p) => `The text in ${p.what ?? 'the file'} is neither UTF-8 nor GBK; save it as UTF-8 (or add a .cpg) and upload it again`,
  corrupt_dbf: () => 'The .dbf file is too short, cut short or corrupted',
};

export const importFailuresEn: Same<typeof importFailuresZh> = {
  import_file_refused: (p) => (uploadRefusalsEn[p.reason] ?? (() => `The file cannot be read (${p.reason})`))(p),
  import_too_large: (p) => `The file is larger than ${p.limitMegabytes} MB: split it, or zip a shapefile`,
  import_nothing_ready: () => 'No row is ready to import: fix or skip the rows with errors',
  import_rows_have_errors: (p) => `${p.count} rows still have errors: fix them or skip them, then validate again`,
  import_already_committed: (p) => `Import job ${p.id} has already been imported`,
  import_not_validated: () => 'Validate the import first, then import it',
  import_commit_failed: () => 'The import failed while writing: everything was rolled back, nothing was written',
  community_outside_street: (p) => `Community ${p.name} lies wholly outside the territory of street ${p.street}: it cannot be imported`,
  community_code_taken: (p) => `Community code ${p.code} is already used`,
  import_street_without_territory: (p) => `Street ${p.name} has neither a boundary nor communities, so imported communities cannot be checked against its territory: set the street's boundary first`,
};

export const importProblemsEn: Same<typeof importProblemsZh> = {
  import_clipped_to_community: (p) => `${p.areaSquareMetres} m² lie outside the community boundary and will be clipped to it`,
  import_outside_community: () => 'Lies wholly outside the community boundary (or only a sliver is left after clipping): it cannot be imported',
  import_clipped_to_street: (p) => `${p.areaSquareMetres} m² lie outside the street's territory and will be clipped to it`,
  import_outside_street: () => "Lies wholly outside the street's territory (or only a sliver is left after clipping): it cannot be imported",
  import_overlaps_live_community: (p) => `Overlaps the existing community ${p.name} by ${p.areaSquareMetres} m²: communities must not overlap`,
  import_community_code_taken: (p) => `Community code ${p.code} is already used by an existing community`,
  import_community_code_other_street: (p) => `Community code ${p.code} is not under the street's code ${p.streetCode}`,
  import_status_not_reproducible: (p) => `Status "${p.status}" cannot be reproduced through the case workflow: only reported or closed cases can be imported`,
  import_closed_before_reported: () => 'The closing time is before the reporting time',
  import_closed_at_not_a_date: (p) => `Closing time "${p.value}" is not a date (use 2026-05-01 08:30)`,
};

export const importNotesEn: Same<typeof importNotesZh> = {
  imported_case: (p) => `Historic record imported from ${p.fileName}, row ${p.row}`,
};
