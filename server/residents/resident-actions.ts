import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import { removePhotoFile, storePhoto, type StoredPhoto } from '../incidents/photo-store.ts';
import { insertPhoto } from '../incidents/photos.repo.ts';
import { addSupporter, rateReport, setHiddenFromPublic, type Satisfaction } from './resident-reports.repo.ts';
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

/** Hide a report from public view (abusive text, personal data in a photo) or show it again; audited. */
export async function setReportVisibility(
  sql: Sql,
  viewer: UserViewer,
  input: { incidentId: number; hidden: boolean; reason: string | undefined; at: Date; clientAddress: string },
): Promise<void> {
  const changed = await sql.begin(async (transaction) => {
    const found = await setHiddenFromPublic(transaction, { incidentId: input.incidentId, hidden: input.hidden, userId: viewer.userId, at: input.at });
    if (found) {
      await recordAudit(transaction, {
        viewer, action: input.hidden ? 'incident.hide' : 'incident.unhide', objectType: 'incident', objectId: input.incidentId, result: 'ok',
        clientAddress: input.clientAddress, details: { reason: input.reason ?? null },
      });
    }
    return found;
  });
  if (!changed) throw notFound('incident', input.incidentId);
}
