import type { DutyPersonKind, DutyPersonRef, EquipmentEntry, Station, StationReview, StationStaffRule } from '../../contract/duties.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { readPolicyValues } from '../grids/grid-editing.repo.ts';
import { readEditPolicy } from '../grids/edit-policy.ts';
import type { EditPolicy } from '../grids/layout-change.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import { stationRuleEn } from '../messages/en-duties.ts';
import type { Locale } from '../messages/message-catalogue.ts';
import { stationRuleZh } from '../messages/zh-cn-duties.ts';
import { lockDutyPerson } from './back-streets.repo.ts';
import {
  insertReview, isOnRoster, listReviews, reviewExists, type ReviewRow,
  endMembership, equipmentStock, findMembership, insertDutyPerson, insertEquipmentEntry, insertMembership, listEquipmentEntries,
  listMemberships, listStations, lockStation, overlappingMembership, type MembershipRow, type StationRow,
} from './stations.repo.ts';

/**
 * Community urban-management stations (第7篇): the staffing rule computed from policy values, the
 * roster with its join/leave history, the equipment ledger. Used by the station table, the map and
 * the wall screen (`GET /api/stations`) and by the planner recording who joined or left.
 */

const policyKeys = ['station_staff_by_population', 'station_staff_extra_for_market', 'station_office_min_square_metres'];

/**
 * The required staff of a community: the population band's number (≤5,000 → 3, ≤10,000 → 5,
 * ≤15,000 → 6, more → 7, from policy), plus the policy's lower extra (2) with one farmers' market or
 * vendor cluster and its higher extra (3) with two or more such points. Pure.
 */
export function stationStaffRule(
  figures: { residents: number; marketCount: number; vendorClusterCount: number },
  policy: Pick<EditPolicy, 'stationStaffByPopulation' | 'stationStaffExtraForMarket'>,
  locale: Locale,
): { requiredStaff: number; rule: StationStaffRule } {
  const bands = policy.stationStaffByPopulation;
  const index = Math.max(0, bands.findIndex((band) => band.upTo === null || figures.residents <= band.upTo));
  const band = bands[index] ?? { upTo: null, staff: 0 };
  const points = figures.marketCount + figures.vendorClusterCount;
  const [low, high] = policy.stationStaffExtraForMarket;
  const extraStaff = points === 0 ? 0 : points === 1 ? low : high;
  const requiredStaff = band.staff + extraStaff;
  const params = {
    residents: figures.residents, upTo: band.upTo, previousUpTo: index > 0 ? (bands[index - 1]?.upTo ?? null) : null, bandStaff: band.staff,
    marketCount: figures.marketCount, vendorClusterCount: figures.vendorClusterCount, extraStaff, requiredStaff,
  };
  return {
    requiredStaff,
    rule: {
      residents: figures.residents,
      populationBand: { upTo: band.upTo, staff: band.staff },
      marketCount: figures.marketCount,
      vendorClusterCount: figures.vendorClusterCount,
      extraStaff,
      policyKeys: policyKeys.slice(0, 2),
      text: locale === 'en' ? stationRuleEn(params) : stationRuleZh(params),
    },
  };
}

function personRef(row: MembershipRow): DutyPersonRef {
  return { id: row.personId, name: row.personName, kind: row.personKind as DutyPersonKind, organisation: row.personOrganisation, active: row.personActive };
}

function stationView(row: StationRow, memberships: MembershipRow[], stock: { kind: string; quantity: number }[], policy: EditPolicy, officeMinimum: number, locale: Locale): Station {
  const { requiredStaff, rule } = stationStaffRule(row, policy, locale);
  const current = memberships.filter((membership) => membership.current && membership.personActive);
  const actualStaff = current.filter((membership) => membership.role === 'member').length;
  const head = current.find((membership) => membership.role === 'head');
  const deputy = current.find((membership) => membership.role === 'deputy');
  return {
    id: row.id,
    communityId: row.communityId,
    communityName: row.communityName,
    name: row.name,
    officeAddress: row.officeAddress,
    officeAreaSquareMetres: row.officeAreaSquareMetres,
    officeMinimumSquareMetres: officeMinimum,
    officeMeetsStandard: row.officeAreaSquareMetres !== null && row.officeAreaSquareMetres >= officeMinimum,
    requiredStaff,
    actualStaff,
    shortfall: Math.max(0, requiredStaff - actualStaff),
    rule,
    head: head ? personRef(head) : null,
    deputy: deputy ? personRef(deputy) : null,
    roster: memberships.map((membership) => ({
      membershipId: membership.membershipId, person: personRef(membership), role: membership.role, joinedOn: membership.joinedOn, leftOn: membership.leftOn,
    })),
    equipment: stock.filter((entry) => entry.quantity !== 0).map((entry) => ({ kind: entry.kind as Station['equipment'][number]['kind'], quantity: entry.quantity })),
  };
}

/** The station table: per community, required vs actual staff with the rule that produced the number. */
export async function stationsTable(sql: Sql, locale: Locale, filter: { id?: number } = {}): Promise<Station[]> {
  const rows = await listStations(sql, filter);
  const ids = rows.map((row) => row.id);
  const [memberships, stock, policy, values] = [
    await listMemberships(sql, ids), await equipmentStock(sql, ids), await readEditPolicy(sql), await readPolicyValues(sql, [policyKeys[2]!]),
  ];
  const officeMinimum = Number(values.get(policyKeys[2]!) ?? 25) || 25;
  return rows.map((row) => stationView(
    row, memberships.filter((membership) => membership.stationId === row.id), stock.filter((entry) => entry.stationId === row.id), policy, officeMinimum, locale,
  ));
}

export interface JoinInput {
  personId?: number | undefined;
  newPerson?: { name: string; dutyPhone?: string | undefined } | undefined;
  role: 'head' | 'deputy' | 'member';
  joinedOn: string;
}

/** A person joins a station's roster (a new team member is registered on the way). Refused for people who left. */
export async function joinStation(sql: Sql, viewer: UserViewer, stationId: number, input: JoinInput, locale: Locale, clientAddress: string): Promise<Station> {
  if ((input.personId === undefined) === (input.newPerson === undefined)) throw invalidRequest([problem('personId', 'person_or_new_person', {})]);
  await sql.begin(async (transaction) => {
    const station = await lockStation(transaction, stationId);
    if (!station) throw notFound('station', stationId);
    let personId = input.personId;
    if (personId !== undefined) {
      const person = await lockDutyPerson(transaction, personId);
      if (!person) throw invalidRequest([problem('personId', 'unknown_person', { id: personId })]);
      if (!person.active) throw new Failure('person_has_left', { name: person.name }, { fields: [problem('personId', 'person_has_left', {})] });
      if (await overlappingMembership(transaction, personId, input.joinedOn)) throw invalidRequest([problem('personId', 'already_on_a_roster', {})]);
    } else {
      personId = await insertDutyPerson(transaction, {
        name: input.newPerson!.name, kind: 'station_member', organisation: null, dutyPhone: input.newPerson!.dutyPhone ?? null, communityId: station.communityId, workerId: null,
      });
    }
    const membershipId = await insertMembership(transaction, { stationId, personId, role: input.role, joinedOn: input.joinedOn });
    await recordAudit(transaction, {
      viewer, action: 'station_member.join', objectType: 'station', objectId: stationId, result: 'ok', clientAddress,
      details: { membershipId, personId, role: input.role, joinedOn: input.joinedOn },
    });
  });
  return (await stationsTable(sql, locale, { id: stationId }))[0]!;
}

/** A member leaves the station (调动或辞退, 第7篇 四 2): the membership ends, the history stays. */
export async function leaveStation(sql: Sql, viewer: UserViewer, membershipId: number, leftOn: string, locale: Locale, clientAddress: string): Promise<Station> {
  const stationId = await sql.begin(async (transaction) => {
    const membership = await findMembership(transaction, membershipId);
    if (!membership) throw notFound('station_membership', membershipId);
    if (membership.leftOn !== null) throw invalidRequest([problem('leftOn', 'already_left', { leftOn: membership.leftOn })]);
    if (leftOn <= membership.joinedOn) throw invalidRequest([problem('leftOn', 'not_after_start', {})]);
    const ended = await endMembership(transaction, membershipId, leftOn);
    await recordAudit(transaction, {
      viewer, action: 'station_member.leave', objectType: 'station', objectId: ended!.stationId, result: 'ok', clientAddress,
      details: { membershipId, leftOn },
    });
    return ended!.stationId;
  });
  return (await stationsTable(sql, locale, { id: stationId }))[0]!;
}

function entryView(row: Awaited<ReturnType<typeof listEquipmentEntries>>[number]): EquipmentEntry {
  return { ...row, kind: row.kind as EquipmentEntry['kind'], createdAt: row.createdAt.toISOString() };
}

export async function equipmentLedger(sql: Sql, stationId: number): Promise<EquipmentEntry[]> {
  if (!(await listStations(sql, { id: stationId })).length) throw notFound('station', stationId);
  return (await listEquipmentEntries(sql, stationId)).map(entryView);
}

/** Record equipment issued (+) or written off (−) in a station's ledger; the stock may not go below zero. */
export async function recordEquipment(
  sql: Sql,
  viewer: UserViewer,
  stationId: number,
  input: { kind: EquipmentEntry['kind']; quantityChange: number; recordedOn: string; note?: string | undefined },
  clientAddress: string,
): Promise<EquipmentEntry[]> {
  await sql.begin(async (transaction) => {
    if (!(await lockStation(transaction, stationId))) throw notFound('station', stationId);
    const stock = (await equipmentStock(transaction, [stationId])).find((entry) => entry.kind === input.kind)?.quantity ?? 0;
    if (stock + input.quantityChange < 0) throw invalidRequest([problem('quantityChange', 'below_stock', { stock })]);
    const id = await insertEquipmentEntry(transaction, { stationId, kind: input.kind, quantityChange: input.quantityChange, recordedOn: input.recordedOn, note: input.note ?? null, recordedBy: viewer.userId });
    await recordAudit(transaction, {
      viewer, action: 'station_equipment.record', objectType: 'station', objectId: stationId, result: 'ok', clientAddress,
      details: { entryId: id, kind: input.kind, quantityChange: input.quantityChange },
    });
  });
  return equipmentLedger(sql, stationId);
}

function reviewView(row: ReviewRow): StationReview {
  return {
    id: row.id, stationId: row.stationId, kind: row.kind, period: row.period, note: row.note, recordedBy: row.recordedBy, createdAt: row.createdAt.toISOString(),
    person: { id: row.personId, name: row.personName, kind: row.personKind as DutyPersonKind, organisation: row.personOrganisation, active: row.personActive },
  };
}

/** A station's monthly 讲评 and half-year summaries (第7篇 四 5), newest period first. */
export async function stationReviews(sql: Sql, stationId: number): Promise<StationReview[]> {
  if (!(await listStations(sql, { id: stationId })).length) throw notFound('station', stationId);
  return (await listReviews(sql, stationId)).map(reviewView);
}

/** Record a team member's monthly review or half-year summary: one per person, kind and period. */
export async function recordReview(
  sql: Sql,
  viewer: UserViewer,
  stationId: number,
  input: { personId: number; kind: 'monthly' | 'half_year'; period: string; note: string },
  clientAddress: string,
): Promise<StationReview> {
  const id = await sql.begin(async (transaction) => {
    if (!(await lockStation(transaction, stationId))) throw notFound('station', stationId);
    if (!(await isOnRoster(transaction, stationId, input.personId))) throw invalidRequest([problem('personId', 'not_on_roster', {})]);
    if (await reviewExists(transaction, input.personId, input.kind, input.period)) throw invalidRequest([problem('period', 'already_reviewed', { period: input.period })]);
    const created = await insertReview(transaction, { stationId, ...input, recordedBy: viewer.userId });
    await recordAudit(transaction, {
      viewer, action: 'station_review.record', objectType: 'station', objectId: stationId, result: 'ok', clientAddress,
      details: { reviewId: created, personId: input.personId, kind: input.kind, period: input.period },
    });
    return created;
  });
  return reviewView((await listReviews(sql, stationId, id))[0]!);
}
