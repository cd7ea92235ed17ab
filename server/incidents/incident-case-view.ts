import type { Case, CaseEvent, Notification } from '../../contract/incidents.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { noteMessage, type Locale } from '../messages/message-catalogue.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { maskName, maskPhone } from '../personal-data/masking.ts';
import type { CaseRow, EventRow, NotificationRow } from './incident-loop.repo.ts';
import { dispatchingRoles } from './incident-state-machine.ts';
import { allowedActionsFor } from './incident-transitions.ts';

/** The reporter's contacts are shown in full to the command centre and the case's own worker only. */
export function mayReadReporterContact(viewer: UserViewer, row: Pick<CaseRow, 'assignedWorkerId' | 'assignedUserId'>): boolean {
  if (dispatchingRoles.includes(viewer.role)) return true;
  if (viewer.workerId !== null && row.assignedWorkerId === viewer.workerId) return true;
  return row.assignedUserId === viewer.userId;
}

const iso = (instant: Date | null) => (instant === null ? null : instant.toISOString());

/** A case as the desk and the phone show it (pure); the reporter's sealed contact is opened here, then masked or shown. */
export function caseView(row: CaseRow, viewer: UserViewer, dataKey: DataKey): Case {
  const unmasked = mayReadReporterContact(viewer, row);
  const { longitude, latitude, ...rest } = row;
  const reporterName = dataKey.openOptional(row.reporterName);
  const reporterPhone = dataKey.openOptional(row.reporterPhone);
  return {
    ...rest,
    rejectionReason: rest.rejectionReason as Case['rejectionReason'],
    satisfaction: rest.satisfaction as Case['satisfaction'],
    reportedAt: row.reportedAt.toISOString(),
    registeredAt: iso(row.registeredAt),
    dispatchedAt: iso(row.dispatchedAt),
    acceptedAt: iso(row.acceptedAt),
    startedAt: iso(row.startedAt),
    handledAt: iso(row.handledAt),
    checkedAt: iso(row.checkedAt),
    closedAt: iso(row.closedAt),
    dueAt: iso(row.dueAt),
    escalatedAt: iso(row.escalatedAt),
    location: { longitude, latitude },
    reporterName: unmasked ? reporterName : maskName(reporterName),
    reporterPhone: unmasked ? reporterPhone : maskPhone(reporterPhone),
    reporterContactMasked: !unmasked && (reporterName !== null || reporterPhone !== null),
    allowedActions: allowedActionsFor(viewer, row),
    // PUT /api/incidents/{id}/public-visibility (server/residents/resident-reports.routes.ts)
    mayChangePublicVisibility: dispatchingRoles.includes(viewer.role),
  };
}

/**
 * One timeline step in the reader's language: a person's note as typed, the system's note rendered
 * from its code, both (person first) when a dispatcher's words came with an automatic routing.
 */
export function caseEventView(row: EventRow, locale: Locale): CaseEvent {
  const systemNote = row.noteCode ? noteMessage(locale, row.noteCode, row.noteParams ?? {}) : null;
  return {
    ...row,
    at: row.at.toISOString(),
    fromStatus: row.fromStatus as CaseEvent['fromStatus'],
    toStatus: row.toStatus as CaseEvent['toStatus'],
    note: [row.note, systemNote].filter(Boolean).join(' — ') || null,
  };
}

export function notificationView(row: NotificationRow, locale: Locale): Notification {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    readAt: iso(row.readAt),
    message: noteMessage(locale, row.code, row.params),
  };
}
