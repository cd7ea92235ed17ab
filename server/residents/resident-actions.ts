import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import { removePhotoFile, storePhoto, type StoredPhoto } from '../incidents/photo-store.ts';
import { insertPhoto } from '../incidents/photos.repo.ts';
import type { PublicReport } from '../../contract/residents.ts';
import { publicLocationOf } from './public-location.ts';
import { publicReportView } from './public-report-view.ts';
import {
  addSupporter, findNearbyOpenReports, findPublicReport, isPublic, listPublicEvents, rateReport, readPublicExposurePolicy, setPublicDecision,
  type PublicDecision, type PublicReason, type Satisfaction,
} from './resident-reports.repo.ts';
import { hashReporterKey } from './resident-submission.ts';

/**
 * What residents do after reporting, and the dispatcher's say over what the public sees: each a
 * use case owning its transaction (the routes parse, call one of these, answer). Reporting itself
 * is resident-submission.ts.
 */

/** A resident's photo: checked and re-encoded like a staff upload, recorded with no uploader. */
export async function storeResidentPhoto(sql: Sql, directory: string, bytes: Uint8Array): Promise<StoredPhoto> {
  const photo = await storePhoto(directory, bytes);
  try {
    await insertPhoto(sql, photo, null);
  } catch (error) {
    await removePhotoFile(directory, photo.name);
    throw error;
  }
  return photo;
}

/** "Me too" on an open public report; the id of the case for the live stream. */
export async function supportReport(sql: Sql, trackingCode: string, at: Date): Promise<{ id: number; supporterCount: number }> {
  const result = await sql.begin((transaction) => addSupporter(transaction, trackingCode.trim().toUpperCase(), at));
  if (!result) throw notFound('report', trackingCode);
  return result;
}

/** The reporter rates a closed case once, with the key handed out on submission. */
export async function rateClosedReport(
  sql: Sql,
  input: { trackingCode: string; reporterKey: string; satisfaction: Satisfaction; at: Date },
): Promise<void> {
  const outcome = await sql.begin((transaction) =>
    rateReport(transaction, { trackingCode: input.trackingCode.trim().toUpperCase(), keyHash: hashReporterKey(input.reporterKey), satisfaction: input.satisfaction, at: input.at }));
  if (outcome === 'not_found') throw notFound('report', input.trackingCode);
  if (outcome === 'wrong_key') throw new Failure('rating_key_wrong', {});
  if (outcome === 'not_closed') throw new Failure('rating_case_not_closed', {}, { reason: 'not_closed' });
  if (outcome === 'already_rated') throw new Failure('rating_already_given', {}, { reason: 'already_rated' });
}

/**
 * The tracking page: a public case for anyone, or any case for its reporter (the key handed out on
 * submission, sent as `X-Reporter-Key`). Everything else — a hotline call, a patrol report, a case
 * not yet registered — is "no such report", exactly as for a code that does not exist.
 */
export async function trackReport(sql: Sql, input: { trackingCode: string; reporterKey: string | undefined; now: Date }): Promise<PublicReport> {
  const keyHash = input.reporterKey ? hashReporterKey(input.reporterKey) : null;
  const row = await findPublicReport(sql, input.trackingCode.trim().toUpperCase(), keyHash);
  if (!row) throw notFound('report', input.trackingCode);
  const [events, policy] = [await listPublicEvents(sql, row.id), await readPublicExposurePolicy(sql)];
  return publicReportView(row, events, policy, input.now);
}

/** Open public reports of a class near a point, as the public may see them (summary, rounded place). */
export async function nearbyPublicReports(
  sql: Sql,
  input: { longitude: number; latitude: number; categoryCode: string; radiusMetres: number; since: Date },
) {
  const [rows, policy] = [await findNearbyOpenReports(sql, { ...input, limit: 5 }), await readPublicExposurePolicy(sql)];
  return rows.map((row) => ({
    trackingCode: row.trackingCode,
    categoryCode: row.categoryCode,
    status: row.status,
    publicSummary: row.publicSummary,
    location: publicLocationOf(row, policy),
    reportedAt: row.reportedAt.toISOString(),
    distanceMetres: row.distanceMetres,
    supporterCount: row.supporterCount,
  }));
}

/**
 * The dispatcher's say over what the public sees of a case: hide it (abusive text, personal data in
 * a photo), publish it (a hotline call the public should see), or leave it to the rule; optionally
 * the public summary shown instead of the reporter's words. Audited with before and after.
 */
export async function decidePublicVisibility(
  sql: Sql,
  viewer: UserViewer,
  input: { incidentId: number; decision: PublicDecision; publicSummary: string | null | undefined; reason: string | undefined; at: Date; clientAddress: string },
): Promise<{ publicReason: PublicReason; isPublic: boolean; publicSummary: string | null; hiddenFromPublic: boolean }> {
  return sql.begin(async (transaction) => {
    const before = await setPublicDecision(transaction, { ...input, userId: viewer.userId });
    if (!before) throw notFound('incident', input.incidentId);
    const [after] = await transaction<{ publicReason: PublicReason; isPublic: boolean; publicSummary: string | null; hiddenFromPublic: boolean }[]>`
      select incident_public_reason(i.source, i.category_code, i.status, i.hidden_from_public, i.published_at) as public_reason,
             ${isPublic(transaction)} as is_public, i.public_summary, i.hidden_from_public
        from incidents i where i.id = ${input.incidentId}`;
    await recordAudit(transaction, {
      viewer, action: `incident.public_${input.decision}`, objectType: 'incident', objectId: input.incidentId, result: 'ok',
      clientAddress: input.clientAddress,
      details: {
        reason: input.reason ?? null, before: before.decision, after: input.decision,
        ...(input.publicSummary !== undefined ? { summaryBefore: before.publicSummary, summaryAfter: input.publicSummary } : {}),
      },
    });
    return after!;
  });
}
