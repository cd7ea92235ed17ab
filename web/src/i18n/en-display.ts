/** Strings shown across views (map attribution, who acted on a case, time phrases): English. */
export const enDisplay = {
  demoAttribution: '© GridAtlas · synthetic demo data',
  redispatch: 'Reassign',
  /** the audit trail's action codes (dots written as __), object types, and families of codes */
  audit: {
    action: {
      auth__login: 'Signed in', auth__logout: 'Signed out', auth__password: 'Changed password',
      api_key__create: 'Created API key', api_key__revoke: 'Revoked API key',
      calendar__day__set: 'Set calendar day', calendar__day__delete: 'Removed calendar day', calendar__working_hours__replace: 'Changed working hours',
      category__update: 'Changed incident class', household__reveal: 'Revealed household details', import__upload: 'Uploaded import file', import__commit: 'Committed import',
      kpi__export: 'Exported KPIs', photo__upload: 'Uploaded photo', user__create: 'Created user', worker__assign: 'Assigned grid worker', worker__vacate: 'Grid worker left',
      risk_source__create: 'Registered risk source', risk_source__update: 'Changed risk source', risk_source__view_contact: 'Viewed risk source contact',
      plan__open: 'Opened plan', plan__discard: 'Discarded plan', plan__export: 'Exported plan comparison', plan__publish: 'Published plan',
      plan__rebase: 'Brought plan up to date', plan__rollback: 'Rolled back plan', plan__schedule: 'Scheduled plan', plan__undo: 'Undid plan edit',
    },
    family: { incident: 'Case', grid: 'Grid edit', plan: 'Plan', export: 'Export' },
    operation: { split: 'split', merge: 'merge', reshape: 'reshape', fill: 'fill gap', move_block: 'move block', undo: 'undo', publish: 'publish', create_community: 'new community' },
    publicDecision: { rule: 'public by rule', published: 'made public', hidden: 'hidden from public' },
    dataset: { communities: 'communities', grids: 'grids', workers: 'grid workers', households: 'households', incidents: 'incidents', 'risk-sources': 'risk sources' },
    object: {
      user: 'User', incident: 'Case', grid: 'Grid', grid_edit: 'Grid edit', plan: 'Plan', risk_source: 'Risk source', api_key: 'API key',
      household: 'Household', import_job: 'Import', incident_category: 'Incident class', kpi_report: 'KPI report', photo: 'Photo',
      calendar_day: 'Calendar day', working_hours: 'Working hours',
    },
  },
  overHouseholdLimit: 'Over household limit',
  overHouseholdLimitHelp: 'Grids with more than {{max}} households, the limit per grid (households only; “over workload” on the assignment view also counts open cases and patrol area)',
  partialPeriod: ' (so far)',
  /** each KPI's definition and formula, shown where the number is */
  kpiDefinition: {
    reported: 'Reported: incidents reported in the period, all channels.',
    registered: 'Registered: incidents registered in the period.',
    dispatched: 'Dispatched: incidents whose (latest) dispatch falls in the period.',
    handledOnTime: 'Handled on time: handling reported back in the period, no later than the deadline (no deadline counts as on time).',
    overdue: 'Overdue: incidents whose deadline fell in the period and that were not handled by then (rejected cases excluded).',
    closed: 'Closed: incidents closed in the period.',
    onTimeClosureRate: 'On-time closure rate = closed on time ÷ closed; on time means closed no later than the deadline.',
    rework: 'Rework: failed checks in the period that sent a case back (a case reworked twice counts twice).',
    averageHandlingHours: 'Average handling time = mean hours from dispatch to handling report, over cases handled in the period (calendar time).',
    satisfactionRate: 'Satisfaction = (satisfied + basically satisfied) ÷ residents’ ratings in the period; “—” when nobody rated.',
  },
  wall: { trend: 'Reports over 12 months (by class)', mix: 'This week by class', riskLegend: 'Risk sources', heat: 'Incident heat', ranking: 'Grids with most reports (30 days)' },
  /** who acted when no user did: the stored channel codes of incident events, by name */
  actor: {
    system: 'System (automatic)',
    hotline: '12345 citizen hotline',
    resident: 'Resident (street report)',
    open311: 'External system (Open311)',
    sensor: 'Sensor',
    referral: 'Referred from above',
    import: 'Bulk import',
  },
};
