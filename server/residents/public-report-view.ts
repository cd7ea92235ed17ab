import type { PublicReport } from '../../contract/residents.ts';
import { openStatuses } from '../incidents/incident-statuses.ts';
import { publicLocationOf } from './public-location.ts';
import type { PublicEventRow, PublicExposurePolicy, PublicReportRow } from './resident-reports.repo.ts';
import { residentCategoryOf } from './resident-categories.ts';

/** Open311 has two states; a case in the backlog (挂账) is still open, a rejected one is closed. */
export function publicStatusOf(status: string): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' ? 'closed' : 'open';
}

const statusNotes: Record<string, { zh: string; en: string }> = {
  reported: { zh: '已收到，等待核实', en: 'Received; waiting to be verified' },
  registered: { zh: '已核实立案', en: 'Verified and registered' },
  dispatched: { zh: '已派遣给网格员或责任部门', en: 'Sent to the grid worker or the responsible department' },
  handling: { zh: '正在处置', en: 'Being handled' },
  handled: { zh: '已处置，等待核查', en: 'Handled; waiting for the check' },
  checked: { zh: '核查通过，等待结案', en: 'Checked; about to be closed' },
  closed: { zh: '已结案', en: 'Closed' },
  rework: { zh: '核查未通过，重新处置', en: 'Check failed; being handled again' },
  backlog: { zh: '暂时无法处置，已挂账跟踪', en: 'Cannot be resolved yet; kept on the backlog' },
  rejected: { zh: '经核实不予立案', en: 'Not accepted after verification' },
  duplicate: { zh: '与已有案件重复，已合并', en: 'A duplicate of an existing case; merged' },
};

/** A public sentence for a status: never the staff's own note, which may name people. */
export function statusNoteOf(row: Pick<PublicReportRow, 'status' | 'rejectionReason' | 'duplicateOfTrackingCode'>, language: 'zh' | 'en'): string {
  if (row.status === 'rejected' && row.rejectionReason === 'duplicate') {
    const note = statusNotes.duplicate![language];
    return row.duplicateOfTrackingCode ? `${note} (${row.duplicateOfTrackingCode})` : note;
  }
  return (statusNotes[row.status] ?? { zh: row.status, en: row.status })[language];
}

/**
 * What the tracking page shows: no staff, no notes. Anyone sees the category, the steps, the public
 * summary and a rounded place; the reporter (who holds the key) also sees their own description,
 * address and exact point.
 */
/**
 * Events recorded without an action (imports, the demo's history) name the step by the status
 * they reached: the tracking page reads steps, never status codes like `dispatched`.
 */
const stepIntoStatus: Record<string, string> = {
  reported: 'report', registered: 'register', rejected: 'reject', dispatched: 'dispatch', handling: 'start',
  handled: 'handle', checked: 'pass_check', rework: 'fail_check', closed: 'close', backlog: 'backlog',
};

export function publicReportView(row: PublicReportRow, events: PublicEventRow[], policy: PublicExposurePolicy, now: Date): PublicReport {
  const residentCategory = residentCategoryOf(row.categoryCode);
  const open = (openStatuses as readonly string[]).includes(row.status) || row.status === 'backlog';
  return {
    trackingCode: row.trackingCode,
    viewerIsReporter: row.isReporter,
    publicSummary: row.publicSummary,
    overdueSince: open && row.dueAt !== null && row.dueAt.getTime() < now.getTime() ? row.dueAt.toISOString() : null,
    status: row.status,
    publicStatus: publicStatusOf(row.status),
    statusNote: { zh: statusNoteOf(row, 'zh'), en: statusNoteOf(row, 'en') },
    category: {
      code: row.categoryCode,
      residentCode: residentCategory?.code ?? null,
      nameZh: residentCategory?.nameZh ?? row.categoryNameZh,
      nameEn: residentCategory?.nameEn ?? row.categoryNameEn,
    },
    hiddenFromPublic: row.hiddenFromPublic,
    description: row.isReporter ? row.description : null,
    address: row.isReporter ? row.address : null,
    location: row.isReporter ? { lng: row.longitude, lat: row.latitude } : publicLocationOf(row, policy),
    community: row.communityName,
    gridCode: row.gridCode,
    reportedAt: row.reportedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    supporterCount: row.supporterCount,
    photoCount: row.photoCount,
    satisfaction: row.satisfaction,
    canRate: row.isReporter && row.status === 'closed' && row.satisfaction === null,
    timeline: events.map((event) => ({
      at: event.at.toISOString(),
      step: event.action ?? stepIntoStatus[event.toStatus] ?? event.toStatus,
      status: event.toStatus,
    })),
  };
}
