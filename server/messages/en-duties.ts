import type { StationRuleParams } from './zh-cn-duties.ts';
import type { dutiesAuditActionsZh, dutiesFailuresZh, dutiesProblemsZh, dutiesThingsZh } from './zh-cn-duties.ts';

/** English messages of the 城管 duties domain: the same keys and params as zh-cn-duties.ts. */
type Mirror<T> = { [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string };

export const dutiesFailuresEn: Mirror<typeof dutiesFailuresZh> = {
  section_overlap: (p) => `This stretch overlaps existing sections: ${p.sections} (one stretch, one responsible person)`,
  person_has_left: (p) => `${p.name} has left and can carry no section or duty shift`,
  section_beyond_street: (p) => `The section runs past the street's end (${p.lengthMetres} m)`,
  duty_change_leaves_gap: (p) =>
    `With ${p.name} gone, ${p.metres} m of back streets would have nobody responsible; reassign first, or acknowledge the gap explicitly (audited)`,
  shift_outside_post_hours: (p) => `The shift must lie within the post's hours ${p.opensAt}–${p.closesAt}`,
  check_in_too_far: (p) => `You are ${p.distanceMetres} m from the post, outside its ${p.radiusMetres} m radius`,
  no_shift_now: () => 'You have no shift at this post now',
  not_a_duty_person: () => 'This account is not linked to a person on duty',
  finding_photo_required: (p) => `A finding of category ${p.category} needs a photo`,
  inspector_is_responsible: () => 'Whoever inspects is not whoever fixes: the section\'s responsible person cannot inspect it',
};

export const dutiesProblemsEn: Mirror<typeof dutiesProblemsZh> = {
  overlaps_section: (p) => `overlaps section ${p.sections}`,
  person_has_left: () => 'this person has left',
  unknown_person: (p) => `no person on duty has id ${p.id}`,
  beyond_street_end: (p) => `past the street's end (${p.lengthMetres} m)`,
  outside_post_hours: (p) => `must lie within ${p.opensAt}–${p.closesAt}`,
  too_far_from_post: (p) => `${p.distanceMetres} m from the post, more than ${p.radiusMetres} m`,
  photo_required: () => 'a photo is required',
  inspector_is_responsible: () => 'you are responsible for this section and cannot inspect it',
  not_after_start: () => 'must be later than the start',
  person_or_new_person: () => 'give either an existing person (personId) or a new team member (newPerson)',
  already_on_a_roster: () => 'this person is already on a station roster then',
  already_left: (p) => `left on ${p.leftOn}`,
  below_stock: (p) => `only ${p.stock} in stock; the stock cannot go negative`,
  not_zero: () => 'must not be 0',
  too_short: (p) => `too short (at least ${p.minimumMetres} m)`,
  already_reviewed: (p) => `the review of ${p.period} is already recorded`,
  not_on_roster: () => 'this person is not on the station\'s roster',
  period_matches_kind: () => 'a monthly review is YYYY-MM (2026-05), a half-year summary YYYY-H1 or YYYY-H2',
};

export const dutiesThingsEn: Mirror<typeof dutiesThingsZh> = {
  back_street: () => 'Back street',
  back_street_section: () => 'Section',
  duty_person: () => 'Person on duty',
  duty_post: () => 'Duty post',
  duty_shift: () => 'Duty shift',
  station: () => 'Urban-management station',
  station_membership: () => 'Station roster entry',
};

export const dutiesAuditActionsEn: Mirror<typeof dutiesAuditActionsZh> = {
  'back_street.create': 'Register back street',
  'back_street_section.create': 'Create back-street section',
  'station_review.record': 'Record a team member review',
  'back_street_section.update': 'Edit back-street section',
  'duty_person.leave': 'Person on duty left',
  'duty_person.leave_gap_acknowledged': 'Gap acknowledged after a person left',
  'station_member.join': 'Station member joined',
  'station_member.leave': 'Station member left',
  'station_equipment.record': 'Station equipment recorded',
  'duty_shift.create': 'Duty shift scheduled',
  'duty_check_in.create': 'Duty check-in',
  'back_street_inspection.create': 'Back-street inspection recorded',
};

export function stationRuleEn(p: StationRuleParams): string {
  const band = p.upTo === null ? `over ${p.previousUpTo ?? 0}` : p.previousUpTo === null ? `${p.upTo} or fewer` : `${p.previousUpTo}–${p.upTo}`;
  const extra = p.extraStaff > 0
    ? `; ${p.marketCount} farmers' market(s) and ${p.vendorClusterCount} vendor cluster(s) add ${p.extraStaff}`
    : '; no farmers\' market or vendor cluster, nothing added';
  return `Resident population ${p.residents} (band “${band}”): at least ${p.bandStaff} full-time team members${extra}; ${p.requiredStaff} required in all (essay 7, station standard)`;
}
