import type { MessageCatalogue } from './message-catalogue.ts';
import type { emergencyFailuresZh, emergencyProblemsZh, emergencyThingsZh } from './zh-cn-emergency.ts';

/** The emergency domain's messages in English (the same keys and params as zh-cn-emergency.ts). */

export const emergencyFailuresEn: Pick<MessageCatalogue['failures'], keyof typeof emergencyFailuresZh> = {
  emergency_plan_retired: (p) => `Emergency plan ${p.id} is retired: it can no longer be activated or changed`,
  emergency_plan_draft: (p) => `Emergency plan ${p.id} is a draft: make it current before activating it`,
  emergency_closed: (p) => `Emergency ${p.id} is closed`,
  linkage_signature_invalid: () => 'The linkage platform message has no valid signature',
};

export const emergencyThingsEn: Pick<MessageCatalogue['things'], keyof typeof emergencyThingsZh> = {
  emergency_plan: () => 'Emergency plan',
  emergency: () => 'Emergency',
  emergency_team: () => 'Emergency team',
  warning: () => 'Warning',
};

export const emergencyProblemsEn: Pick<MessageCatalogue['problems'], keyof typeof emergencyProblemsZh> = {
  unknown_risk_source: (p) => `risk source ${p.id} does not exist`,
  unknown_emergency_plan: (p) => `emergency plan ${p.id} does not exist`,
  incident_or_point_required: () => 'name an incident (incidentId) or a point on the map (point)',
  not_a_team_member: (p) => `${p.id} is not a member of this team`,
  area_required: () => 'draw the warning area, or choose grids or communities',
  empty_area: () => 'the warning area is empty',
  unknown_grids: (p) => `grids ${p.ids} do not exist`,
  valid_to_in_past: () => 'the end of the validity period has already passed',
};
