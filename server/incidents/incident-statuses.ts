/** The closed-loop states of an incident (BRIEF: reported → … → closed, with rework and backlog). */
export const incidentStatuses = [
  'reported', 'registered', 'rejected', 'dispatched', 'handling', 'handled', 'checked', 'closed', 'rework', 'backlog',
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const openStatuses: readonly IncidentStatus[] = ['reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'rework'];
