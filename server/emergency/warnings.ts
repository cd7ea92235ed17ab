import { randomBytes } from 'node:crypto';
import type { EmergencyWarning, PublicWarning } from '../../contract/emergency.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { invalidGeometry, unreadableGeometry } from '../db/geometry-validity.ts';
import { invalidRequest, notFound, problem, type FieldProblem } from '../http/failure.ts';
import { zoneTimeZone } from '../time/zone.ts';
import { capAlertOf, withoutForbiddenCharacters, type CapAlert } from './cap-format.ts';
import { acknowledgeWarning, cancelWarning, communityNamesUnder, composeArea, gridsUnder, insertWarning, listWarnings, type WarningRow } from './warnings.repo.ts';

/**
 * Warnings (预警, issue 20): published for an area — drawn, or chosen as grids or communities —
 * with a level, a text and a validity. Residents see those covering the address they looked up
 * (no account), grid workers of the grids under it get them live and acknowledge, the wall screen
 * lists them, and other systems take them as CAP 1.2. A warning ends by itself when its validity does.
 */

export interface WarningInput {
  level: 'blue' | 'yellow' | 'orange' | 'red';
  eventKind?: string | undefined;
  headline: string;
  body: string;
  area?: GeoJSON.Polygon | GeoJSON.MultiPolygon | undefined;
  gridIds?: number[] | undefined;
  communityIds?: number[] | undefined;
  validFrom?: Date | undefined;
  validTo: Date;
}

export function warningView(row: WarningRow): EmergencyWarning {
  return {
    id: row.id, identifier: row.identifier, level: row.level, eventKind: row.eventKind, headline: row.headline, body: row.body, area: row.area,
    gridIds: row.gridIds, communityIds: row.communityIds, validFrom: row.validFrom.toISOString(), validTo: row.validTo.toISOString(),
    publishedAt: row.publishedAt.toISOString(), cancelledAt: row.cancelledAt?.toISOString() ?? null, active: row.active,
    acknowledgedCount: row.acknowledgedCount, acknowledgedByMe: row.acknowledgedByMe,
  };
}

export function publicWarningView(row: WarningRow): PublicWarning {
  return {
    identifier: row.identifier, level: row.level, headline: row.headline, body: row.body,
    validFrom: row.validFrom.toISOString(), validTo: row.validTo.toISOString(), area: row.area,
  };
}

/** Publish a warning; answers it with the grids under it (whose workers the route tells live). */
export async function publishWarning(
  sql: Sql,
  viewer: UserViewer,
  input: WarningInput,
  context: { now: Date; clientAddress: string },
): Promise<{ warning: EmergencyWarning; gridIds: number[] }> {
  const gridIds = [...new Set(input.gridIds ?? [])];
  const communityIds = [...new Set(input.communityIds ?? [])];
  const validFrom = input.validFrom ?? context.now;
  const problems: FieldProblem[] = [];
  if (!input.area && gridIds.length === 0 && communityIds.length === 0) problems.push(problem('area', 'area_required', {}));
  if (input.validTo.getTime() <= context.now.getTime()) problems.push(problem('validTo', 'valid_to_in_past', {}));
  else if (input.validTo.getTime() <= validFrom.getTime()) problems.push(problem('validTo', 'not_after_from', {}));
  if (problems.length > 0) throw invalidRequest(problems);

  let area;
  try {
    area = await composeArea(sql, { drawn: input.area ?? null, gridIds, communityIds });
  } catch {
    throw unreadableGeometry('area', input.area ?? null);
  }
  if (area.missingGrids.length > 0) problems.push(problem('gridIds', 'unknown_grids', { ids: area.missingGrids.join(', ') }));
  if (area.missingCommunities.length > 0) problems.push(problem('communityIds', 'unknown_communities', { ids: area.missingCommunities.join(', ') }));
  if (problems.length > 0) throw invalidRequest(problems);
  if (area.valid === false) throw invalidGeometry('area', area.reason, input.area ?? null);
  // a degenerate drawing (all points on a line) or an answer PostGIS swallowed: no area at all
  if (!area.geometry || !(Number(area.areaSquareMetres) > 0)) throw invalidRequest([problem('area', 'empty_area', {})]);

  const id = await sql.begin(async (transaction) => {
    const created = await insertWarning(transaction, {
      identifier: `gridatlas-warning-${randomBytes(8).toString('hex')}`, level: input.level, eventKind: input.eventKind ?? null,
      // control characters a pasted text may carry reach no resident and no CAP consumer
      headline: withoutForbiddenCharacters(input.headline), body: withoutForbiddenCharacters(input.body), area: area.geometry!, gridIds, communityIds, validFrom, validTo: input.validTo,
      publishedAt: context.now, publishedBy: viewer.userId,
    });
    await recordAudit(transaction, {
      viewer, action: 'warning.publish', objectType: 'warning', objectId: created, result: 'ok', clientAddress: context.clientAddress,
      details: { level: input.level, validTo: input.validTo.toISOString(), gridIds, communityIds, drawn: Boolean(input.area) },
    });
    return created;
  });
  const [row] = await listWarnings(sql, { now: context.now, activeOnly: false, id, userId: viewer.userId });
  return { warning: warningView(row!), gridIds: await gridsUnder(sql, id) };
}

export async function staffWarnings(sql: Sql, viewer: UserViewer, now: Date, activeOnly: boolean): Promise<EmergencyWarning[]> {
  return (await listWarnings(sql, { now, activeOnly, userId: viewer.userId })).map(warningView);
}

export async function cancelEmergencyWarning(sql: Sql, viewer: UserViewer, id: number, context: { now: Date; clientAddress: string }) {
  await sql.begin(async (transaction) => {
    const [row] = await listWarnings(transaction, { now: context.now, activeOnly: false, id });
    if (!row) throw notFound('warning', id);
    await cancelWarning(transaction, id, context.now);
    await recordAudit(transaction, { viewer, action: 'warning.cancel', objectType: 'warning', objectId: id, result: 'ok', clientAddress: context.clientAddress });
  });
  const [row] = await listWarnings(sql, { now: context.now, activeOnly: false, id, userId: viewer.userId });
  return warningView(row!);
}

/** A grid worker confirms on the phone that they saw the warning. */
export async function acknowledgeEmergencyWarning(sql: Sql, viewer: UserViewer, id: number, context: { now: Date; clientAddress: string }) {
  await sql.begin(async (transaction) => {
    const [row] = await listWarnings(transaction, { now: context.now, activeOnly: false, id });
    if (!row) throw notFound('warning', id);
    await acknowledgeWarning(transaction, id, viewer.userId, context.now);
    await recordAudit(transaction, { viewer, action: 'warning.acknowledge', objectType: 'warning', objectId: id, result: 'ok', clientAddress: context.clientAddress });
  });
  return { warningId: id, userId: viewer.userId, acknowledgedAt: context.now.toISOString() };
}

/** For the resident page (no account): warnings in force, covering the point when one is given. */
export async function publicWarnings(sql: Sql, now: Date, point?: { longitude: number; latitude: number }): Promise<PublicWarning[]> {
  return (await listWarnings(sql, { now, activeOnly: true, point })).map(publicWarningView);
}

/**
 * One warning as CAP 1.2: by identifier (a cancelled one answers its Cancel message; an expired
 * one stays readable by its identifier), or without one the most severe warning in force.
 */
export async function capAlert(sql: Sql, now: Date, identifier: string | undefined): Promise<CapAlert> {
  const rows = await listWarnings(sql, identifier === undefined ? { now, activeOnly: true } : { now, activeOnly: false, identifier });
  const row = rows[0];
  if (!row) throw notFound('warning', identifier ?? '');
  const timeZone = await zoneTimeZone(sql);
  const communities = await communityNamesUnder(sql, row.id);
  return capAlertOf(row, { timeZone, sender: 'gridatlas', senderName: 'GridAtlas 社区应急指挥中心', areaDesc: communities.join('、') || '预警范围', now });
}
