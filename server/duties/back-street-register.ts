import type {
  BackStreetCoverage, BackStreetSectionCollection, BackStreetSectionFeature, DutyPerson, DutyPersonKind, DutyPersonLeft,
} from '../../contract/duties.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { readPolicyValues } from '../grids/grid-editing.repo.ts';
import { addLocalDays, localDate, zoneTimeZone } from '../time/zone.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import type { Bbox } from '../http/query-parameters.ts';
import { invalidGeometry, unreadableGeometry } from '../db/geometry-validity.ts';
import type { BackStreet } from '../../contract/duties.ts';
import {
  findBackStreetRecord, inspectLine, insertBackStreet,
  coverageTotals, doubleAssignedStretches, findBackStreet, insertSection, listDutyPeople, listSections, lockDutyPerson, markPersonLeft,
  overlappingSections, unassignedStretches, updateSectionPerson, type DutyPersonRow, type SectionRow,
} from './back-streets.repo.ts';

/**
 * The back-street register's use cases (第3篇: 片/块 sections, 定点定岗定人定责, 不留空白): read the
 * sections and the coverage, cut a new section, change who holds one, record that a person left.
 * Each write checks overlap and the person in its transaction, which the database constraints
 * check again, and writes its audit row.
 */

const metres = (value: number) => Math.round(value * 10) / 10;

/** Scheduled rounds by grade: every 1, 3, 7 days (policy back_street_inspection_days_by_grade). */
export interface InspectionSchedule {
  daysByGrade: number[];
  timeZone: string;
  today: string;
}

export async function readInspectionSchedule(sql: Queryable, now: Date): Promise<InspectionSchedule> {
  const values = await readPolicyValues(sql, ['back_street_inspection_days_by_grade']);
  const configured = values.get('back_street_inspection_days_by_grade');
  const daysByGrade = Array.isArray(configured) && configured.length === 3 && configured.every((value) => Number.isInteger(value) && value > 0) ? (configured as number[]) : [1, 3, 7];
  const timeZone = await zoneTimeZone(sql);
  return { daysByGrade, timeZone, today: localDate(now, timeZone) };
}

export function sectionFeature(row: SectionRow, schedule: InspectionSchedule): BackStreetSectionFeature {
  const cycle = schedule.daysByGrade[row.grade - 1] ?? 7;
  // a section never inspected counts from the day it was cut
  const dueOn = addLocalDays(localDate(row.lastInspectedAt ?? row.createdAt, schedule.timeZone), cycle);
  return {
    type: 'Feature',
    id: row.id,
    geometry: row.geometry,
    properties: {
      id: row.id,
      backStreetId: row.backStreetId,
      backStreetName: row.backStreetName,
      communityId: row.communityId,
      name: row.name,
      grade: row.grade,
      fromMetres: metres(row.fromMetres),
      toMetres: metres(row.toMetres),
      lengthMetres: metres(row.toMetres - row.fromMetres),
      responsiblePerson: row.personId === null
        ? null
        : { id: row.personId, name: row.personName!, kind: row.personKind as DutyPersonKind, organisation: row.personOrganisation, active: row.personActive === true },
      post: row.post,
      duties: row.duties,
      fixedPoints: (row.fixedPoints?.coordinates ?? []).map(([lng, lat]) => [lng, lat] as [number, number]),
      covered: row.personActive === true,
      inspectionCycleDays: cycle,
      lastInspectedAt: row.lastInspectedAt?.toISOString() ?? null,
      inspectionDueOn: dueOn,
      inspectionOverdue: dueOn < schedule.today,
    },
  };
}

export function dutyPersonView(row: DutyPersonRow): DutyPerson {
  return { ...row, kind: row.kind as DutyPersonKind, sectionMetres: metres(row.sectionMetres) };
}

/** The map layer: every section with its person, post and grade. */
export async function backStreetSections(sql: Sql, filter: { bbox?: Bbox | undefined; communityId?: number | undefined }): Promise<BackStreetSectionCollection> {
  const rows = await listSections(sql, filter);
  const schedule = await readInspectionSchedule(sql, new Date());
  return { type: 'FeatureCollection', features: rows.map((row) => sectionFeature(row, schedule)) };
}

/** The coverage check the planner and the command centre read: unassigned and double-assigned stretches. */
export async function backStreetCoverage(sql: Sql): Promise<BackStreetCoverage> {
  const [totals, unassigned, doubled] = [await coverageTotals(sql), await unassignedStretches(sql), await doubleAssignedStretches(sql)];
  return {
    ...totals,
    totalMetres: metres(totals.totalMetres),
    unassignedMetres: metres(unassigned.reduce((sum, row) => sum + row.lengthMetres, 0)),
    doubleAssignedMetres: metres(doubled.reduce((sum, row) => sum + row.lengthMetres, 0)),
    unassigned: {
      type: 'FeatureCollection',
      features: unassigned.map(({ geometry, ...row }) => ({
        type: 'Feature' as const,
        geometry,
        properties: { ...row, fromMetres: metres(row.fromMetres), toMetres: metres(row.toMetres), lengthMetres: metres(row.lengthMetres) },
      })),
    },
    doubleAssigned: {
      type: 'FeatureCollection',
      features: doubled.map(({ geometry, ...row }) => ({
        type: 'Feature' as const,
        geometry: geometry as BackStreetCoverage['doubleAssigned']['features'][number]['geometry'],
        properties: { ...row, lengthMetres: metres(row.lengthMetres) },
      })),
    },
  };
}

export interface SectionInput {
  name: string;
  grade: number;
  fromMetres: number;
  toMetres: number;
  responsiblePersonId: number;
  post: string;
  duties: string;
  fixedPoints?: [number, number][] | undefined;
}

async function requireServingPerson(sql: Sql, personId: number, field: string): Promise<void> {
  const person = await lockDutyPerson(sql, personId);
  if (!person) throw invalidRequest([problem(field, 'unknown_person', { id: personId })]);
  if (!person.active) throw new Failure('person_has_left', { name: person.name }, { fields: [problem(field, 'person_has_left', {})] });
}

/** Cut a new responsibility section out of a back street (planner): refused if it shares a stretch with another. */
export async function createSection(sql: Sql, viewer: UserViewer, backStreetId: number, input: SectionInput, clientAddress: string): Promise<BackStreetSectionFeature> {
  if (input.toMetres <= input.fromMetres) throw invalidRequest([problem('toMetres', 'not_after_start', {})]);
  const id = await sql.begin(async (transaction) => {
    const street = await findBackStreet(transaction, backStreetId, true);
    if (!street) throw notFound('back_street', backStreetId);
    if (input.toMetres > street.lengthMetres + 0.5) {
      const lengthMetres = metres(street.lengthMetres);
      throw new Failure('section_beyond_street', { lengthMetres }, { fields: [problem('toMetres', 'beyond_street_end', { lengthMetres })] });
    }
    const toMetres = Math.min(input.toMetres, street.lengthMetres);
    const overlapping = await overlappingSections(transaction, { backStreetId, fromMetres: input.fromMetres, toMetres });
    if (overlapping.length > 0) {
      const sections = overlapping.map((section) => `${section.name}（${section.id}）`).join('、');
      throw new Failure('section_overlap', { sections }, {
        sectionIds: overlapping.map((section) => section.id),
        fields: [problem('fromMetres', 'overlaps_section', { sections }), problem('toMetres', 'overlaps_section', { sections })],
      });
    }
    await requireServingPerson(transaction as unknown as Sql, input.responsiblePersonId, 'responsiblePersonId');
    const created = await insertSection(transaction, {
      backStreetId, name: input.name, grade: input.grade, fromMetres: input.fromMetres, toMetres,
      responsiblePersonId: input.responsiblePersonId, post: input.post, duties: input.duties, fixedPoints: input.fixedPoints ?? [],
    });
    await recordAudit(transaction, {
      viewer, action: 'back_street_section.create', objectType: 'back_street_section', objectId: created, result: 'ok', clientAddress,
      details: { backStreetId, fromMetres: input.fromMetres, toMetres, responsiblePersonId: input.responsiblePersonId, grade: input.grade },
    });
    return created;
  });
  return sectionFeature((await listSections(sql, { sectionId: id }))[0]!, await readInspectionSchedule(sql, new Date()));
}

/** Hand a section to another person, or change its post, duties or grade (planner). */
export async function editSection(
  sql: Sql,
  viewer: UserViewer,
  sectionId: number,
  fields: { responsiblePersonId?: number; post?: string; duties?: string; grade?: number; name?: string },
  clientAddress: string,
): Promise<BackStreetSectionFeature> {
  await sql.begin(async (transaction) => {
    if (fields.responsiblePersonId !== undefined) await requireServingPerson(transaction as unknown as Sql, fields.responsiblePersonId, 'responsiblePersonId');
    if (!(await updateSectionPerson(transaction, sectionId, fields))) throw notFound('back_street_section', sectionId);
    await recordAudit(transaction, {
      viewer, action: 'back_street_section.update', objectType: 'back_street_section', objectId: sectionId, result: 'ok', clientAddress,
      details: fields,
    });
  });
  return sectionFeature((await listSections(sql, { sectionId }))[0]!, await readInspectionSchedule(sql, new Date()));
}

export async function dutyPeople(sql: Sql, filter: { communityId?: number | undefined; active?: boolean | undefined }): Promise<DutyPerson[]> {
  return (await listDutyPeople(sql, filter)).map(dutyPersonView);
}

/**
 * Record that a person left (离岗). If they still hold sections, those stretches would be left with
 * nobody: refused (409 duty_change_leaves_gap) unless the planner acknowledges the gap, which is
 * audited with the stretches it leaves; the coverage check then reports them.
 */
export async function recordPersonLeft(
  sql: Sql,
  viewer: UserViewer,
  personId: number,
  input: { leftOn: string; acknowledgeGap: boolean },
  clientAddress: string,
): Promise<DutyPersonLeft> {
  const held = await sql.begin(async (transaction) => {
    const person = await lockDutyPerson(transaction, personId);
    if (!person) throw notFound('duty_person', personId);
    const sections = await listSections(transaction, { personId });
    const gapMetres = metres(sections.reduce((sum, section) => sum + section.toMetres - section.fromMetres, 0));
    if (sections.length > 0 && !input.acknowledgeGap) {
      throw new Failure('duty_change_leaves_gap', { name: person.name, metres: gapMetres }, {
        sections: sections.map((section) => ({ sectionId: section.id, name: section.name, lengthMetres: metres(section.toMetres - section.fromMetres) })),
        fields: [problem('acknowledgeGap', 'required', {})],
      });
    }
    await markPersonLeft(transaction, personId, input.leftOn);
    await recordAudit(transaction, {
      viewer, action: sections.length > 0 ? 'duty_person.leave_gap_acknowledged' : 'duty_person.leave', objectType: 'duty_person', objectId: personId,
      result: 'ok', clientAddress, details: { leftOn: input.leftOn, sectionIds: sections.map((section) => section.id), gapMetres },
    });
    return sections;
  });
  const [person] = await listDutyPeople(sql, { id: personId });
  return {
    person: dutyPersonView(person!),
    unassignedSections: held.map((section) => ({ sectionId: section.id, name: section.name, lengthMetres: metres(section.toMetres - section.fromMetres) })),
    unassignedMetres: metres(held.reduce((sum, section) => sum + section.toMetres - section.fromMetres, 0)),
  };
}

/**
 * Register a back street drawn (or imported) by the planner: a valid line inside the territory.
 * It starts with no section, so the coverage check reports its whole length until it is cut up.
 */
export async function registerBackStreet(
  sql: Sql,
  viewer: UserViewer,
  input: { name: string; geometry: GeoJSON.LineString },
  clientAddress: string,
): Promise<BackStreet> {
  let checked: Awaited<ReturnType<typeof inspectLine>>;
  try {
    checked = await inspectLine(sql, input.geometry);
  } catch {
    throw unreadableGeometry('geometry', input.geometry);
  }
  if (!checked || checked.valid === null) throw unreadableGeometry('geometry', input.geometry);
  if (checked.empty) throw new Failure('geometry_empty', { field: 'geometry' }, { fields: [problem('geometry', 'geometry_empty', {})] });
  if (!checked.valid) throw invalidGeometry('geometry', checked.reason, input.geometry);
  if ((checked.lengthMetres ?? 0) < 1) throw invalidRequest([problem('geometry', 'too_short', { minimumMetres: 1 })]);
  if (checked.streetId === null) throw invalidRequest([problem('geometry', 'outside_every_community', {})]);
  const id = await sql.begin(async (transaction) => {
    const created = await insertBackStreet(transaction, { streetId: checked.streetId!, communityId: checked.communityId, name: input.name, geometry: input.geometry });
    await recordAudit(transaction, {
      viewer, action: 'back_street.create', objectType: 'back_street', objectId: created, result: 'ok', clientAddress,
      details: { name: input.name, lengthMetres: metres(checked.lengthMetres!) },
    });
    return created;
  });
  const row = (await findBackStreetRecord(sql, id))!;
  return { type: 'Feature', id, geometry: row.geometry, properties: { id, name: row.name, communityId: row.communityId, lengthMetres: metres(row.lengthMetres), sectionCount: row.sectionCount } };
}
