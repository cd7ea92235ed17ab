import type { zhCnEmergency } from './zh-cn-emergency.ts';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** Strings of the emergency view, the resident warning banner and the wall's warning list (English). */
export const enEmergency: Strings<typeof zhCnEmergency> = {
  view: 'Emergency',
  refused: 'Emergency command is for command-centre dispatchers and administrators.',
  title: 'Community emergency management',
  demoNote: 'Demo data (synthetic)',
  tabs: { plans: 'Plans', activation: 'Activate', teams: 'Teams and duty', warnings: 'Warnings' },
  level: { street: 'Street', community: 'Community', site: 'Site' },
  status: { draft: 'Draft', current: 'Current', retired: 'Retired' },
  plans: {
    title: 'Title', level: 'Level', covers: 'Risk sources covered', eventKinds: 'Event kinds', reviewDue: 'Review due', lastDrill: 'Last drill',
    reviewOverdue: 'Review overdue', drillOverdue: 'Drill overdue', never: 'Never', version: 'Version',
  },
  coverage: {
    title: 'Coverage check', uncovered: 'Major and high risk sources without a current plan', reviewOverdue: 'Plans overdue for review',
    noDrill: 'Plans without a drill in the period ({{months}} months)', none: 'None', riskLevel: { 1: 'Major', 2: 'High', 3: 'Moderate', 4: 'Low' },
  },
  activation: {
    plan: 'Plan', autoPlan: 'The plan covering the place', source: 'Where', fromIncident: 'Incident', fromPoint: 'Map point', incidentId: 'Incident ID',
    longitude: 'Longitude', latitude: 'Latitude', responseLevel: 'Response level', radius: 'Radius (m)', note: 'Note', activate: 'Activate',
    activated: 'Emergency activated: {{plan}}', noPlan: 'No plan matched', households: 'Households', residents: 'Residents', elderlyAlone: 'Elderly living alone',
    disability: 'Disabled', vulnerable: 'To evacuate by hand (elderly living alone and disabled first)', equipment: 'Nearest equipment', expired: 'Expired',
    usable: 'Usable', onDuty: 'On duty now', nobodyOnDuty: 'Nobody on duty', shelters: 'Shelters and assembly points', log: 'Event log', addNote: 'Log',
    handover: 'Hand over', reference: 'Their reference', byPhone: 'By phone', byWebhook: 'By webhook', review: 'Review', close: 'Close the event',
    closed: 'Closed', circle: 'Affected circle', metres: '{{count}} m',
    delivery: { recorded: 'Recorded', delivered: 'Delivered', failed: 'Not delivered' },
    logKind: { activated: 'Activated', note: 'Note', handover: 'Hand-over', webhook_received: 'Platform report', closed: 'Closed' },
  },
  teams: {
    kind: { leading_group: 'Leading group', rescue_team: 'Emergency team', volunteer_team: 'Volunteers', duty_room: 'Duty room', cctv_room: 'CCTV room' },
    members: 'Members', resident: 'Resident volunteer', onDutyNow: 'On duty now', until: 'until {{time}}', phone: 'Phone',
  },
  warnings: {
    level: { blue: 'Blue', yellow: 'Yellow', orange: 'Orange', red: 'Red' },
    headline: 'Headline', body: 'Text', grids: 'Grids', validTo: 'Valid until', publish: 'Publish warning', published: 'Published', cancel: 'Cancel',
    active: 'In force', ended: 'Ended', acknowledged: '{{count}} acknowledged', inForce: 'Warnings in force', none: 'No warnings in force',
    validUntil: 'Valid until {{time}}', hoursUnit: 'hours',
  },
  banner: { title: '{{level}} warning', validUntil: 'Valid until {{time}}' },
  wall: { title: 'Warnings' },
};
