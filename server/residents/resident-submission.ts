import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { zoneTimeZone } from '../time/zone.ts';
import { Failure, invalidRequest, problem, type FieldProblem } from '../http/failure.ts';
import { findCategories, insertEvent, insertIncident, missingPhotos, placesOfPoints, readPolicyNumber } from '../incidents/incident-loop.repo.ts';
import { nearestCommunity } from '../lookup/lookup.repo.ts';
import type { DataKey } from '../personal-data/data-key.ts';

/** A report from outside the staff: the resident page or an Open311 client. */
export interface ResidentDraft {
  categoryCode: string;
  description: string;
  longitude: number;
  latitude: number;
  address?: string | undefined;
  photos?: string[] | undefined;
  anonymous?: boolean | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

export interface SubmittedReport {
  id: number;
  trackingCode: string;
  /** Handed to the resident once: rating the case later needs it (tracking codes are sequential). */
  reporterKey: string;
  status: 'reported';
}

export const hashReporterKey = (key: string) => createHash('sha256').update(key, 'utf8').digest();
export const defaultDescriptionMaxChars = 1000;
export const residentPhotoLimit = 3;

/**
 * Validate and store one resident report as an incident with source 'resident' in status
 * 'reported' — the dispatcher verifies and registers it from the case desk like a hotline case.
 * Text is stored exactly as typed (no HTML interpretation anywhere: clients render it as text).
 * A point outside every community is refused with the nearest community named.
 */
export async function submitResidentReport(
  sql: Sql,
  draft: ResidentDraft,
  context: { now: Date; channel: 'web' | 'open311'; apiKeyId?: number; viewer: Viewer; clientAddress?: string; dataKey: DataKey },
): Promise<SubmittedReport> {
  const problems: FieldProblem[] = [];
  const maxChars = await readPolicyNumber(sql, 'resident_description_max_chars', defaultDescriptionMaxChars);
  const description = draft.description.trim();
  if (description.length === 0) problems.push(problem('description', 'description_required', {}));
  if (description.length > maxChars) problems.push(problem('description', 'text_too_long', { maximum: maxChars }));
  const [category] = [...(await findCategories(sql, [draft.categoryCode])).values()];
  if (!category) problems.push(problem('category', 'unknown_category', { code: draft.categoryCode }));
  else if (category.majorCode === null) problems.push(problem('category', 'major_category', { code: draft.categoryCode }));
  const photos = [...new Set(draft.photos ?? [])];
  if (photos.length > residentPhotoLimit) problems.push(problem('photos', 'too_many_photos', { maximum: residentPhotoLimit }));
  for (const name of await missingPhotos(sql, photos)) problems.push(problem('photos', 'unknown_photo', { name }));
  if (problems.length > 0) throw invalidRequest(problems);

  const [place] = await placesOfPoints(sql, [draft], context.now);
  if (!place || place.communityId === null) {
    const nearest = await nearestCommunity(sql, draft.longitude, draft.latitude);
    throw new Failure('outside_service_area', { nearestCommunity: nearest?.name ?? null }, {
      fields: [problem('location', 'outside_service_area', {})],
      reason: 'outside_service_area',
      nearestCommunity: nearest,
    });
  }

  const timeZone = await zoneTimeZone(sql);
  const reporterKey = randomBytes(12).toString('base64url');
  const anonymous = draft.anonymous === true;
  return sql.begin(async (transaction) => {
    const created = await insertIncident(transaction, {
      idempotencyKey: null, idempotencyBodyHash: null, categoryCode: draft.categoryCode, source: 'resident', description,
      longitude: draft.longitude, latitude: draft.latitude, address: draft.address?.trim() || null,
      gridId: place.gridId, communityId: place.communityId!, reportedAt: context.now, reporterUserId: null,
      // anonymous: the contact is not stored at all, so it cannot leak; otherwise it is sealed before its first write
      reporterName: anonymous ? null : context.dataKey.sealOptional(draft.contactName?.trim()),
      reporterPhone: anonymous ? null : context.dataKey.sealOptional(draft.contactPhone?.trim()),
      timeZone,
    });
    await transaction`
      update incidents set reported_anonymously = ${anonymous}, api_key_id = ${context.apiKeyId ?? null},
                           reporter_key_hash = ${hashReporterKey(reporterKey)}
       where id = ${created!.id}`;
    await insertEvent(transaction, {
      incidentId: created!.id, at: context.now, action: 'report', fromStatus: null, toStatus: 'reported',
      actorUserId: null, actorLabel: context.channel === 'open311' ? 'open311' : 'resident', note: null, photos,
    });
    await recordAudit(transaction, {
      viewer: context.viewer, action: context.channel === 'open311' ? 'open311.request' : 'resident.report', objectType: 'incident',
      objectId: created!.id, result: 'ok', ...(context.clientAddress !== undefined ? { clientAddress: context.clientAddress } : {}),
      details: { trackingCode: created!.trackingCode, apiKeyId: context.apiKeyId ?? null, photos: photos.length, anonymous },
    });
    return { id: created!.id, trackingCode: created!.trackingCode, reporterKey, status: 'reported' as const };
  });
}
