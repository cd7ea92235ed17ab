import { hash } from 'node:crypto';
import type { IngestedIncident } from '../../contract/incidents.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import type { GridSpatialIndex } from '../lookup/grid-spatial-index.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import type { LiveEventHub } from '../stream/live-event-hub.ts';
import { zoneTimeZone } from '../time/zone.ts';
import { publishIncidentRows, type LiveIncidentRow } from './incident-live-events.ts';
import { Failure, invalidRequest, problem, type FieldProblem } from '../http/failure.ts';
import {
  communityOfGrid, findByIdempotencyKeys, findCategories, insertIncidents, missingPhotos, placesOfPoints,
  lockLayoutRevision, readPolicyNumber, suggestDuplicates, type DuplicateSuggestion, type ReportedSpan,
} from './incident-loop.repo.ts';

/** A suggested duplicate as the API shows it. */
export function duplicateSuggestionView({ incidentId: _incidentId, ...suggestion }: DuplicateSuggestion): IngestedIncident['duplicateSuggestions'][number] {
  return { ...suggestion, status: suggestion.status as IngestedIncident['status'], reportedAt: suggestion.reportedAt.toISOString() };
}

export const incidentSources = ['patrol', 'resident', 'hotline', 'referral', 'sensor'] as const;
export type IncidentSource = (typeof incidentSources)[number];
export const batchLimit = 1000;

/** One reported problem, as posted (already through the zod schema). */
export interface IncidentDraft {
  idempotencyKey?: string | undefined;
  categoryCode: string;
  description: string;
  longitude: number;
  latitude: number;
  address?: string | undefined;
  source?: IncidentSource | undefined;
  reportedAt?: Date | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  photos?: string[] | undefined;
}

/** What each item answers: created, or the case an earlier report with the same key made. */
export type IngestedItem = IngestedIncident;

/** `value` with every object's keys sorted and its undefined members left out, dates as ISO text (hashDraft). */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    // no prototype: a '__proto__' key stays an own member, as Object.fromEntries made it
    const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = canonical(member);
    }
    return sorted;
  }
  return value;
}

/**
 * Stable hash of an item's content (key order and the key itself do not matter). The stored
 * hashes of earlier reports must keep matching: the text hashed is unchanged (JSON of the sorted
 * content), only made with one object per level and the one-shot `hash` (a batch hashes a thousand).
 */
export function hashDraft(draft: IncidentDraft): string {
  const { idempotencyKey: _key, ...content } = draft;
  return hash('sha256', JSON.stringify(canonical(content)), 'hex');
}

/**
 * The community and grid of each point, as placesOfPoints answers them, inside the caller's
 * transaction. The layout revision is read FOR SHARE first, so a grid or community edit cannot
 * commit between the placement and this transaction's commit. When the in-memory index was built
 * from that same revision, a point is placed from memory (GridSpatialIndex.placeExactly: the
 * same lowest-code ST_Covers answer, refused within a centimetre of an edge or when the layout
 * changed after `at`); every point it cannot place, and all of them when the index is stale, are
 * placed by SQL (one statement).
 */
export async function placeIncidents(
  transaction: Queryable,
  points: { longitude: number; latitude: number }[],
  at: Date,
  gridIndex: GridSpatialIndex | undefined,
): Promise<{ communityId: number | null; gridId: number | null }[]> {
  const revision = await lockLayoutRevision(transaction);
  const fromIndex = gridIndex !== undefined && gridIndex.layoutRevision === revision;
  if (gridIndex && !fromIndex) gridIndex.invalidate();
  const places: ({ communityId: number | null; gridId: number | null } | undefined)[] = points.map(
    (point) => (fromIndex ? gridIndex.placeExactly(point.longitude, point.latitude, at) : undefined),
  );
  const left = places.flatMap((place, index) => (place === undefined ? [index] : []));
  if (left.length > 0) {
    const placed = await placesOfPoints(transaction, left.map((index) => points[index]!), at);
    left.forEach((index, position) => {
      places[index] = placed[position]!;
    });
  }
  return places as { communityId: number | null; gridId: number | null }[];
}

/**
 * Validate every item, then write them all in one transaction: an acknowledged item is
 * committed, a failed batch leaves nothing behind. Items whose idempotency key was seen before
 * with the same content answer with the original case; with different content the batch is
 * refused (409). Duplicate suggestions are not part of it: they are advice, found after the
 * commit (`suggestDuplicatesOf`, `announceDuplicateSuggestions`); the items answer none.
 */
export async function ingestIncidents(
  sql: Sql,
  drafts: IncidentDraft[],
  context: {
    viewer: UserViewer; now: Date; clientAddress?: string; fieldPrefix: (index: number) => string; dataKey: DataKey;
    /** Places points from memory where it is exact (placeIncidents); without it every point is placed by SQL. */
    gridIndex?: GridSpatialIndex | undefined;
    /** Given: each created case is announced ('incident.created') after the commit, from what the insert returned. */
    liveEvents?: LiveEventHub | undefined;
  },
): Promise<IngestedItem[]> {
  const { viewer, now, fieldPrefix } = context;
  const problems: FieldProblem[] = [];
  const field = (index: number, name: string) => `${fieldPrefix(index)}${name}`;

  // who may report what
  const isWorker = viewer.role === 'worker';
  drafts.forEach((draft, index) => {
    if (isWorker && draft.source !== undefined && draft.source !== 'patrol') {
      problems.push(problem(field(index, 'source'), 'patrol_source_only', {}));
    }
  });
  if (problems.length > 0) throw new Failure('worker_reports_patrol_only', {}, { fields: problems });
  drafts.forEach((draft, index) => {
    if (draft.reportedAt && draft.reportedAt.getTime() > now.getTime() + 5 * 60_000) {
      problems.push(problem(field(index, 'reportedAt'), 'in_future', {}));
    }
  });
  if (problems.length > 0) throw invalidRequest(problems);

  const { gridIndex } = context;
  const photoNames = [...new Set(drafts.flatMap((draft) => draft.photos ?? []))];
  // independent reads, side by side (on PostgreSQL each takes a pooled connection)
  const [categories, workerCommunity, missingNames, timeZone] = await Promise.all([
    findCategories(sql, [...new Set(drafts.map((draft) => draft.categoryCode))]),
    isWorker && viewer.currentGridId !== null ? communityOfGrid(sql, viewer.currentGridId) : null,
    missingPhotos(sql, photoNames),
    zoneTimeZone(sql),
    // one revision query: a layout edited since the index was built is rebuilt now, not found stale below
    // (should the rebuild fail, the revision check in the transaction sends every point to SQL)
    gridIndex ? (gridIndex.invalidate(), gridIndex.ensureFresh().catch(() => undefined)) : undefined,
  ]);
  const missing = new Set(missingNames);

  const { items, live } = await sql.begin(async (transaction) => {
    // placed inside the transaction, with the layout held still until it commits (placeIncidents)
    const places = await placeIncidents(transaction, drafts, now, gridIndex);
    drafts.forEach((draft, index) => {
      const category = categories.get(draft.categoryCode);
      if (!category) problems.push(problem(field(index, 'categoryCode'), 'unknown_category', { code: draft.categoryCode }));
      else if (category.majorCode === null) problems.push(problem(field(index, 'categoryCode'), 'major_category', { code: draft.categoryCode }));
      const place = places[index]!;
      if (place.communityId === null) problems.push(problem(field(index, 'location'), 'outside_every_community', {}));
      else if (workerCommunity !== null && place.communityId !== workerCommunity) {
        problems.push(problem(field(index, 'location'), 'outside_own_community', {}));
      }
      for (const name of draft.photos ?? []) {
        if (missing.has(name)) problems.push(problem(field(index, 'photos'), 'unknown_photo', { name }));
      }
    });
    if (problems.length > 0) throw new Failure('incidents_unprocessable', { count: problems.length }, { fields: problems });

    // all items in two statements (ids; incidents with their events), not two round trips per item
    const prepared = drafts.map((draft) => {
      const key = draft.idempotencyKey ?? null;
      const source: IncidentSource = draft.source ?? (isWorker ? 'patrol' : 'hotline');
      return { draft, key, bodyHash: key === null ? null : hashDraft(draft), source };
    });
    const created = await insertIncidents(transaction, prepared.map(({ draft, key, bodyHash, source }, index) => ({
      idempotencyKey: key, idempotencyBodyHash: bodyHash, categoryCode: draft.categoryCode, source, description: draft.description,
      longitude: draft.longitude, latitude: draft.latitude, address: draft.address ?? null,
      gridId: places[index]!.gridId, communityId: places[index]!.communityId!, reportedAt: draft.reportedAt ?? now, reporterUserId: viewer.userId,
      // a hotline caller's contact is sealed before its first write (issue 16: personal data at rest)
      reporterName: context.dataKey.sealOptional(draft.reporterName), reporterPhone: context.dataKey.sealOptional(draft.reporterPhone), timeZone,
      photos: draft.photos ?? [], eventAt: now, actorLabel: source === 'patrol' ? null : source,
    })));
    const existing = await findByIdempotencyKeys(
      transaction,
      [...new Set(prepared.filter((_, index) => !created.has(index)).map(({ key }) => key!))],
    );
    const items: IngestedItem[] = [];
    const live: LiveIncidentRow[] = [];
    for (const [index, { draft, key, bodyHash }] of prepared.entries()) {
      const row = created.get(index);
      if (row) {
        live.push({
          id: row.id, trackingCode: row.trackingCode, status: 'reported', categoryCode: draft.categoryCode,
          majorCode: categories.get(draft.categoryCode)?.majorCode ?? null, longitude: draft.longitude, latitude: draft.latitude,
          reportedAt: draft.reportedAt ?? now, dueAt: row.dueAt, communityId: places[index]!.communityId, gridId: places[index]!.gridId,
          assignedWorkerId: null, responseMinutes: row.responseMinutes,
        });
        items.push({ index, idempotencyKey: key, result: 'created', id: row.id, trackingCode: row.trackingCode, status: 'reported', duplicateSuggestions: [] });
        continue;
      }
      const earlier = existing.get(key!)!;
      if (earlier.idempotencyBodyHash !== bodyHash) {
        throw new Failure('idempotency_key_reused', { key: key! }, {
          fields: [problem(field(index, 'idempotencyKey'), 'reused_with_different_body', {})], incidentId: earlier.id,
        });
      }
      items.push({ index, idempotencyKey: key, result: 'duplicate', id: earlier.id, trackingCode: earlier.trackingCode, status: earlier.status as IngestedIncident['status'], duplicateSuggestions: [] });
    }
    const createdIds = items.filter((item) => item.result === 'created').map((item) => item.id);
    await recordAudit(transaction, {
      viewer, action: drafts.length === 1 ? 'incident.report' : 'incident.batch', objectType: 'incident',
      ...(createdIds.length === 1 ? { objectId: createdIds[0]! } : {}),
      result: 'ok', ...(context.clientAddress !== undefined ? { clientAddress: context.clientAddress } : {}),
      details: { items: drafts.length, created: createdIds.length, createdIds: createdIds.slice(0, 1000) },
    });
    return { items, live };
  });
  if (context.liveEvents) await publishIncidentRows(context.liveEvents, 'incident.created', live);
  return items;
}

/** When the drafts' cases were reported (each one's `reportedAt`, else `now`, as ingestIncidents stores them). */
export function reportedSpanOf(drafts: readonly Pick<IncidentDraft, 'reportedAt'>[], now: Date): ReportedSpan {
  let from = Infinity;
  let to = -Infinity;
  for (const draft of drafts) {
    const time = (draft.reportedAt ?? now).getTime();
    if (time < from) from = time;
    if (time > to) to = time;
  }
  return { from: new Date(from), to: new Date(to) };
}

/**
 * Open cases of the same category nearby for each created item, after the commit (the items are
 * completed in place). `reported`: when the items' cases were reported (reportedSpanOf their drafts).
 */
export async function suggestDuplicatesOf(sql: Queryable, items: IngestedItem[], reported: ReportedSpan): Promise<IngestedItem[]> {
  const createdIds = items.filter((item) => item.result === 'created').map((item) => item.id);
  if (createdIds.length === 0) return items;
  const radius = await readPolicyNumber(sql, 'duplicate_radius_metres', 50);
  const windowHours = await readPolicyNumber(sql, 'duplicate_window_hours', 72);
  const byIncident = new Map<number, IngestedIncident['duplicateSuggestions']>();
  for (const suggestion of await suggestDuplicates(sql, createdIds, reported, radius, windowHours)) {
    byIncident.set(suggestion.incidentId, [...(byIncident.get(suggestion.incidentId) ?? []), duplicateSuggestionView(suggestion)]);
  }
  for (const item of items) if (item.result === 'created') item.duplicateSuggestions = byIncident.get(item.id) ?? [];
  return items;
}
