import type { importFailuresZh, importNotesZh, importProblemsZh } from './zh-cn-import.ts';

type Same<T> = { [K in keyof T]: T[K] };

export const importFailuresEn: Same<typeof importFailuresZh> = {
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
