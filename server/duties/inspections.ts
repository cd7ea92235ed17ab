import type { BackStreetInspection, DutyPersonKind } from '../../contract/duties.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, invalidRequest, notFound, problem, type FieldProblem } from '../http/failure.ts';
import { ingestIncidents } from '../incidents/incident-ingestion.ts';
import { findCategories } from '../incidents/incident-loop.repo.ts';
import { registerAndDispatchVerified, type DispatchTarget } from '../incidents/incident-transitions.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { listDutyPeople, listSections, type SectionRow } from './back-streets.repo.ts';
import { insertFinding, insertInspection, listFindings, listInspections, type InspectionRow } from './inspections.repo.ts';

/**
 * Inspections of back-street sections (第3篇: 定期检查与不定期巡查, 区查街改、块查条改). A round is recorded
 * from the phone with its route, photos and findings; each finding goes in as a patrol report through
 * the incident ingestion (the same path as any report: categories, places, photos, duplicates), and is
 * then registered — the inspection verified it — and dispatched to the section's responsible person:
 * whoever inspects is not whoever fixes.
 */

export interface FindingInput {
  categoryCode: string;
  description: string;
  longitude: number;
  latitude: number;
  photos: string[];
}

export interface InspectionInput {
  kind: 'scheduled' | 'spot';
  startedAt: Date;
  finishedAt: Date;
  route?: GeoJSON.LineString | GeoJSON.MultiPoint | undefined;
  photos: string[];
  note?: string | undefined;
  findings: FindingInput[];
}

/** Who fixes a section's findings: its grid worker, or the department a contractor or company stands for. */
async function targetOf(sql: Sql, section: SectionRow): Promise<DispatchTarget | undefined> {
  if (section.personId === null || section.personActive !== true) return undefined;
  const [person] = await listDutyPeople(sql, { id: section.personId });
  if (!person) return undefined;
  if (person.workerId !== null) return { workerId: person.workerId };
  return { department: person.organisation ?? person.name };
}

export async function inspectionView(sql: Sql, rows: InspectionRow[]): Promise<BackStreetInspection[]> {
  const findings = await listFindings(sql, rows.map((row) => row.id));
  const sections = new Map<number, SectionRow>();
  for (const row of rows) {
    if (!sections.has(row.sectionId)) sections.set(row.sectionId, (await listSections(sql, { sectionId: row.sectionId }))[0]!);
  }
  return rows.map((row) => {
    const section = sections.get(row.sectionId)!;
    return {
      ...row,
      route: row.route as BackStreetInspection['route'],
      startedAt: row.startedAt.toISOString(),
      finishedAt: row.finishedAt.toISOString(),
      responsiblePerson: section.personId === null ? null : {
        id: section.personId, name: section.personName!, kind: section.personKind as DutyPersonKind, organisation: section.personOrganisation, active: section.personActive === true,
      },
      findings: findings.filter((finding) => finding.inspectionId === row.id).map((finding) => ({
        id: finding.id,
        categoryCode: finding.categoryCode,
        description: finding.description,
        longitude: finding.longitude,
        latitude: finding.latitude,
        photos: finding.photos,
        incident: {
          id: finding.incidentId, trackingCode: finding.trackingCode, status: finding.status,
          assignedWorkerId: finding.assignedWorkerId, assignedDepartment: finding.assignedDepartment, dueAt: finding.dueAt?.toISOString() ?? null,
        },
      })),
    };
  });
}

/** Record a round or a spot check of a section; its findings become cases routed to the section's responsible person. */
export async function recordInspection(
  sql: Sql,
  viewer: UserViewer,
  sectionId: number,
  input: InspectionInput,
  context: { now: Date; clientAddress: string; dataKey: DataKey },
): Promise<BackStreetInspection> {
  const [section] = await listSections(sql, { sectionId });
  if (!section) throw notFound('back_street_section', sectionId);
  const problems: FieldProblem[] = [];
  if (input.finishedAt < input.startedAt) problems.push(problem('finishedAt', 'not_after_start', {}));
  if (input.finishedAt.getTime() > context.now.getTime() + 5 * 60_000) problems.push(problem('finishedAt', 'in_future', {}));
  if (problems.length > 0) throw invalidRequest(problems);
  // 区查街改: the person who answers for the section does not inspect it
  const [inspectorPerson] = viewer.workerId === null ? [] : (await listDutyPeople(sql, {})).filter((person) => person.workerId === viewer.workerId);
  if (inspectorPerson && inspectorPerson.id === section.personId) {
    throw new Failure('inspector_is_responsible', {}, { fields: [problem('sectionId', 'inspector_is_responsible', {})] });
  }
  // evidence: a finding of a category that needs a photo carries one
  const categories = await findCategories(sql, [...new Set(input.findings.map((finding) => finding.categoryCode))]);
  input.findings.forEach((finding, index) => {
    const category = categories.get(finding.categoryCode);
    if (category?.photoRequiredToClose && finding.photos.length === 0) problems.push(problem(`findings.${index}.photos`, 'photo_required', {}));
  });
  if (problems.length > 0) {
    const first = input.findings[Number(problems[0]!.field.split('.')[1])]!.categoryCode;
    throw new Failure('finding_photo_required', { category: first }, { fields: problems });
  }
  const target = input.findings.length > 0 ? await targetOf(sql, section) : undefined;

  // the findings enter as patrol reports through the one ingestion path (validated there, all or nothing)
  const ingested = input.findings.length === 0 ? [] : await ingestIncidents(
    sql,
    input.findings.map((finding) => ({
      categoryCode: finding.categoryCode, description: finding.description, longitude: finding.longitude, latitude: finding.latitude,
      source: 'patrol' as const, photos: finding.photos, reportedAt: input.finishedAt,
    })),
    { viewer, now: context.now, clientAddress: context.clientAddress, fieldPrefix: (index) => `findings.${index}.`, dataKey: context.dataKey },
  );

  const inspectionId = await sql.begin(async (transaction) => {
    const id = await insertInspection(transaction, {
      sectionId, kind: input.kind, inspectorUserId: viewer.userId, startedAt: input.startedAt, finishedAt: input.finishedAt,
      route: input.route ?? null, photos: input.photos, note: input.note ?? null,
    });
    for (const [index, finding] of input.findings.entries()) {
      const incidentId = ingested[index]!.id;
      await insertFinding(transaction, { inspectionId: id, ...finding, incidentId });
      // a section with nobody serving leaves the case on the desk for the dispatcher (reported, not routed)
      if (target && ingested[index]!.result === 'created') {
        await registerAndDispatchVerified(transaction, incidentId, target, { viewer, now: context.now });
      }
    }
    await recordAudit(transaction, {
      viewer, action: 'back_street_inspection.create', objectType: 'back_street_section', objectId: sectionId, result: 'ok', clientAddress: context.clientAddress,
      details: { inspectionId: id, kind: input.kind, incidentIds: ingested.map((item) => item.id) },
    });
    return id;
  });
  return (await inspectionView(sql, await listInspections(sql, { id: inspectionId, limit: 1 })))[0]!;
}

/** A section's recent inspections (the round history on its page). */
export async function sectionInspections(sql: Sql, sectionId: number): Promise<BackStreetInspection[]> {
  return inspectionView(sql, await listInspections(sql, { sectionId, limit: 50 }));
}
