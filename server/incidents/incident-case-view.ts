import type { UserViewer } from '../accounts/roles.ts';
import { maskName, maskPhone } from '../personal-data/masking.ts';
import type { CaseRow } from './incident-loop.repo.ts';
import { dispatchingRoles } from './incident-state-machine.ts';
import { allowedActionsFor } from './incident-transitions.ts';

/** The reporter's contacts are shown in full to the command centre and the case's own worker only. */
export function mayReadReporterContact(viewer: UserViewer, row: Pick<CaseRow, 'assignedWorkerId' | 'assignedUserId'>): boolean {
  if (dispatchingRoles.includes(viewer.role)) return true;
  if (viewer.workerId !== null && row.assignedWorkerId === viewer.workerId) return true;
  return row.assignedUserId === viewer.userId;
}

/** A case as the desk and the phone show it (pure). */
export function caseView(row: CaseRow, viewer: UserViewer) {
  const unmasked = mayReadReporterContact(viewer, row);
  const { longitude, latitude, reporterName, reporterPhone, ...rest } = row;
  return {
    ...rest,
    location: { longitude, latitude },
    reporterName: unmasked ? reporterName : maskName(reporterName),
    reporterPhone: unmasked ? reporterPhone : maskPhone(reporterPhone),
    reporterContactMasked: !unmasked && (reporterName !== null || reporterPhone !== null),
    allowedActions: allowedActionsFor(viewer, row),
    // PUT /api/incidents/{id}/public-visibility (server/residents/resident-reports.routes.ts)
    mayChangePublicVisibility: dispatchingRoles.includes(viewer.role),
  };
}
